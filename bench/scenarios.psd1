# The benchmark's scenarios ('build.ps1 bench', run by eng/Bench.psm1), as data. Instances run in the
# order below, and each instance's scenarios in the order of Scenarios; results keep that order.
# Names and descriptions land in bench/results/*.json and .md, which docs/performance.md and CI read:
# renaming one renames a result.
@{
    # A run's length. -Quick proves the harness works (its numbers mean little).
    # Cursors: deep cursors S3 draws from; FirstEventTurns: S11's sequential turns timed to their first
    # event; X1Trials: X1's write-then-read trials; Rounds: how many turns scenarios measured side by side
    # (SideBySide instances, R1 beside W1r) split their Seconds into.
    Runs = @{
        Full = @{ Seconds = 15; Warmup = 5; Connections = 100; Cursors = 500; FirstEventTurns = 500; X1Trials = 1000; Rounds = 5 }
        Quick = @{ Seconds = 3; Warmup = 1; Connections = 20; Cursors = 50; FirstEventTurns = 100; X1Trials = 100; Rounds = 3 }
    }

    # Where scenarios run. Runner 'api': one process of App (the service, or bench/Floor) with Settings on
    # top of the bench's own (eng/Bench.psm1, Start-BenchApi); every scenario of it is warmed WarmRounds
    # times, and measured after a warm-up of its own. 'main' also supplies what the scripts need (ETag,
    # cursors), so it always starts. The other runners are functions of eng/Bench.psm1 with their own
    # instances: 'slow-model' (Invoke-SlowModelTurns), 'replicas' (Invoke-ReplicaReads),
    # 'read-your-writes' (Invoke-ReadYourWrites), 'pgbench' (Invoke-PgBench).
    # NoAllocations: the instance does not report its allocations (bench/Floor, a load balancer).
    Instances = @(
        @{ Name = 'main'; Runner = 'api'; App = 'api'; What = 'the API (Release, Production, logging at Warning)'; Settings = @{}; WarmRounds = 2 }
        # The same pool settings as the service's.
        @{ Name = 'floor'; Runner = 'api'; App = 'floor'; What = 'the floor (bench/Floor: minimal API, JwtBearer, raw Npgsql, two statements)'; Settings = @{}; WarmRounds = 2; NoAllocations = $true
            ConnectionOptions = 'Minimum Pool Size=10;Maximum Pool Size=30;Max Auto Prepare=100'
            # Any answer below 500 means it serves; this one is refused before it reads the database.
            ReadyPath = '/api/bench-w1/conversations/00000000-0000-0000-0000-000000000000/messages' }
        @{ Name = 'nocache'; Runner = 'api'; App = 'api'; What = 'an instance without the caches'; Settings = @{ Cache__HistoryPagesMegabytes = '0'; Cache__ConversationStates = '0' }; WarmRounds = 3 }
        # What observability costs. The main instance runs the defaults: metrics on (Prometheus), traces
        # off without a collector. 'defaults' is that again on a fresh instance: the main instance has run
        # every other scenario (chat turns included) by then, so only a fresh one compares fairly with
        # the fresh 'telemetry-off' and 'tracing'. Spans are made and dropped: no exporter.
        # SideBySide: the three run at once and their scenarios are measured in turns (short rounds, one
        # after another), so a busy moment of the machine falls on all three alike. Measured one after
        # the other, the same builds gave ratios from 0.67 to 1.07 on a shared machine (ADR-016).
        # Copies: two processes of each, added up. Two processes of the same build, measured in turns,
        # still differed by up to 7 % for the whole of their lives (ADR-017); two of each halve that.
        @{ Name = 'defaults'; Runner = 'api'; App = 'api'; What = 'a fresh instance with the defaults'; Settings = @{}; WarmRounds = 2; SideBySide = 'telemetry'; Copies = 2 }
        @{ Name = 'telemetry-off'; Runner = 'api'; App = 'api'; What = 'an instance with telemetry off'; Settings = @{ Telemetry__Enabled = 'false' }; WarmRounds = 2; SideBySide = 'telemetry'; Copies = 2 }
        @{ Name = 'tracing'; Runner = 'api'; App = 'api'; What = 'an instance with tracing on'; Settings = @{ Telemetry__Tracing = 'true' }; WarmRounds = 2; SideBySide = 'telemetry'; Copies = 2 }
        @{ Name = 'slow-model'; Runner = 'slow-model' }
        @{ Name = 'replicas'; Runner = 'replicas' }
        @{ Name = 'read-your-writes'; Runner = 'read-your-writes' }
        @{ Name = 'database'; Runner = 'pgbench' }
    )

    # One entry a scenario. Script: its wrk script in bench/scenarios/, which reads this run's values
    # (tokens, ids, the ETag) from a table 'bench' that the bench writes before it; Parameters add
    # entries to that table for this scenario alone. Base: a variant of that scenario, with its script,
    # run only when the base runs too. Connections (else the run's), SecondsTimes and SecondsAtLeast,
    # WarmupAtLeast and Timeout (else 5s) change how wrk drives it. Target: what it must reach.
    Scenarios = @(
        @{ Name = 'S1'; Instance = 'main'; Script = 'S1.lua'; Description = 'first page (limit=50) of the 10,000-message conversation' }
        @{ Name = 'S2'; Instance = 'main'; Script = 'S2.lua'; Description = 'random offsets within the last 10% of the 100,000-message conversation' }
        @{ Name = 'S3'; Instance = 'main'; Script = 'S3.lua'; Description = 'random deep cursor pages of the 100,000-message conversation' }
        @{ Name = 'S4'; Instance = 'main'; Script = 'S4.lua'; Description = 'order=desc newest page of the 100,000-message conversation' }
        @{ Name = 'S5'; Instance = 'main'; Script = 'S5.lua'; Description = 'If-None-Match revalidation of S1 (304)' }
        @{ Name = 'S6'; Instance = 'main'; Script = 'S6.lua'; Description = 'a 20-message conversation (random among 100)' }
        @{ Name = 'S7'; Instance = 'main'; Script = 'S7.lua'; Description = 'POST /chat with the builtin agent (add a task / list my tasks), 50 users' }
        @{ Name = 'S8'; Instance = 'main'; Script = 'S8.lua'; Description = 'the conversation list (limit=20)' }
        @{ Name = 'S9'; Instance = 'main'; Script = 'S9.lua'; Description = 'a 1,000-message page of the 10,000-message conversation, plain' }
        @{ Name = 'S10'; Instance = 'main'; Script = 'S9.lua'; Parameters = @{ accept_encoding = 'br' }; Description = 'S9 with Accept-Encoding: br (what compression costs the server)' }
        @{ Name = 'W1'; Instance = 'main'; Script = 'W1.lua'; Description = 'first page (limit=50) of a random one of 2,000 conversations of 100 messages' }
        # After the run, S11's time to first event, which wrk (whole responses) cannot see: sequential
        # streamed turns on the same warm instance (Measure-FirstEvent).
        @{ Name = 'S11'; Instance = 'main'; Script = 'S7.lua'; Parameters = @{ accept = 'text/event-stream' }; Description = 'S7 streamed: POST /chat with Accept: text/event-stream (Server-Sent Events), 50 users' }

        @{ Name = 'F1'; Instance = 'floor'; Script = 'W1.lua'; Description = 'the floor: W1 on a minimal API with raw Npgsql (bench/Floor)' }

        @{ Name = 'S1n'; Instance = 'nocache'; Base = 'S1'; Description = 'S1 with both caches off (every request reads the database)' }
        @{ Name = 'S2n'; Instance = 'nocache'; Base = 'S2'; Description = 'S2 with both caches off (every request reads the database)' }
        @{ Name = 'S3n'; Instance = 'nocache'; Base = 'S3'; Description = 'S3 with both caches off (every request reads the database)' }
        @{ Name = 'S5n'; Instance = 'nocache'; Base = 'S5'; Description = 'S5 with both caches off (every request reads the database)' }
        @{ Name = 'W1n'; Instance = 'nocache'; Base = 'W1'; Description = 'W1 with both caches off (every request reads the database)' }

        @{ Name = 'S1d'; Instance = 'defaults'; Base = 'S1'; Description = 'S1 with the defaults (metrics on, no tracing) on a fresh instance, beside o and t' }
        @{ Name = 'W1d'; Instance = 'defaults'; Base = 'W1'; Description = 'W1 with the defaults (metrics on, no tracing) on a fresh instance, beside o and t' }
        @{ Name = 'S1o'; Instance = 'telemetry-off'; Base = 'S1'; Description = 'S1 with telemetry off (no OpenTelemetry listener)' }
        @{ Name = 'W1o'; Instance = 'telemetry-off'; Base = 'W1'; Description = 'W1 with telemetry off (no OpenTelemetry listener)' }
        @{ Name = 'S1t'; Instance = 'tracing'; Base = 'S1'; Description = 'S1 with metrics and tracing on at the default sampling (parent-based, one new trace in ten)' }
        @{ Name = 'W1t'; Instance = 'tracing'; Base = 'W1'; Description = 'W1 with metrics and tracing on at the default sampling (parent-based, one new trace in ten)' }

        # The same 200 connections in quick mode (what is measured is turns in flight). The warm-up lasts
        # at least 5 s, so that a first round of turns ends in it, cold code and all, and the run at
        # least 6 s: in quick mode's 3 s, a busy machine finished no turn at all (each took over 3 s),
        # and a run without a single answer fails the bench. Twice the other scenarios' time in a full
        # run (30 s): wrk's count loses about one turn per connection to the spread starts and the turns
        # cut at the end, a smaller share of a longer run.
        @{ Name = 'S7s'; Instance = 'slow-model'; Script = 'S7s.lua'; Parameters = @{ model_delay_ms = 2000 }
            Connections = 200; SecondsTimes = 2; SecondsAtLeast = 6; WarmupAtLeast = 5; Timeout = '10s'
            Target = 'at least 90 turns/s, no errors, the pool never exhausted'
            Description = 'POST /chat against a model that answers in 2 s (bench/SlowModel), 200 connections over 200 users' }

        # Beside: the reference each is measured in turns with, W1 on one fresh instance with the same
        # settings and no standby; R1/W1r is what the arrangement costs.
        @{ Name = 'R1'; Instance = 'replicas'; Script = 'W1.lua'; Settings = @{}; Description = 'W1 through the load balancer (HAProxy), 2 instances, history reads on the standby'
            Beside = @{ Name = 'W1r'; Description = 'W1 on one fresh instance, primary only: R1''s reference, measured in turns with it' } }
        @{ Name = 'R1n'; Instance = 'replicas'; Script = 'W1.lua'; Settings = @{ Cache__HistoryPagesMegabytes = '0' }; Description = 'R1 with the history cache off: every page read from the standby (or the primary)'
            Beside = @{ Name = 'W1rn'; Description = 'W1 on one fresh instance with the history cache off, primary only: R1n''s reference, measured in turns with it' } }

        # Not wrk scenarios, but chosen by name alike. X1's script is the load on the reading instance.
        @{ Name = 'X1'; Instance = 'read-your-writes'; Script = 'W1.lua'; Target = 'no violation'; Description = 'read-your-writes: chat turns through one instance, each read back at once through a second one under W1 load' }
        @{ Name = 'pgbench'; Instance = 'database'; Description = 'the first-page query, prepared, on PostgreSQL alone (the database''s own ceiling)' }
    )

    # The ratios of bench/results/*.json, in this order, each named <of>_over_<over>: Of's requests per
    # second over Over's (pgbench: its queries per second), 0 when either did not run.
    Ratios = @(
        @{ Of = 'S2'; Over = 'S1' }
        @{ Of = 'S3'; Over = 'S1' }
        @{ Of = 'S5'; Over = 'S1' }
        @{ Of = 'S1'; Over = 'S1n' }
        @{ Of = 'S1'; Over = 'S1o' }
        @{ Of = 'W1'; Over = 'W1o' }
        @{ Of = 'S1d'; Over = 'S1o' }
        @{ Of = 'W1d'; Over = 'W1o' }
        @{ Of = 'S1t'; Over = 'S1o' }
        @{ Of = 'W1t'; Over = 'W1o' }
        @{ Of = 'S5'; Over = 'S5n' }
        @{ Of = 'S2n'; Over = 'S1n' }
        @{ Of = 'S3n'; Over = 'S1n' }
        @{ Of = 'S5n'; Over = 'S1n' }
        @{ Of = 'S10'; Over = 'S9' }
        @{ Of = 'W1n'; Over = 'F1' }
        @{ Of = 'W1'; Over = 'F1' }
        @{ Of = 'S1'; Over = 'F1' }
        @{ Of = 'S5'; Over = 'F1' }
        @{ Of = 'R1'; Over = 'W1' }
        @{ Of = 'R1n'; Over = 'W1n' }
        @{ Of = 'R1'; Over = 'W1r'; Target = '>= 0.85' }
        @{ Of = 'R1n'; Over = 'W1rn' }
        @{ Of = 'S11'; Over = 'S7'; Target = '>= 0.8' }
        @{ Of = 'S1'; Over = 'pgbench'; Digits = 3 }
    )
}
