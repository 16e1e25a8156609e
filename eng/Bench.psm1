# The benchmark behind 'build.ps1 bench'. It measures; it never asserts a speed. It fails loudly when
# the API answered with errors.
# What it runs is data: bench/scenarios.psd1 lists the scenarios (name, description, wrk script, the
# instance they run on, wrk's settings), the instances and the ratios of the results; the wrk scripts
# are bench/scenarios/*.lua. This module starts what they need, drives them and writes
# bench/results/<latest|quick|partial>.json and .md.

Import-Module ('Common', 'Postgres', 'Tokens', 'Bootstrap', 'Balancer' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$ScenarioTable = Join-Path $Root 'bench/scenarios.psd1'
$ScenarioDir = Join-Path $Root 'bench/scenarios'
$BenchUser = 'bench-user'
$WorkingSetUser = 'bench-w1'
$BenchSecret = 'todochat-bench-secret-not-for-production-0123456789'

# The standard data set, made once per bench cluster: bench-user has one conversation of 100,000
# messages, one of 10,000 and 100 of 20; bench-w1 has the working set of W1, 2,000 conversations of
# 100 messages. All through the same seeder as 'build.ps1 seed'.
function Initialize-BenchData([pscustomobject] $Cluster, [string] $Dll) {
    $expected = '1|1|100|2000'
    $have = $null
    try {
        $have = Invoke-Psql $Cluster "SELECT count(*) FILTER (WHERE user_id = '$BenchUser' AND message_count = 100000) || '|' || count(*) FILTER (WHERE user_id = '$BenchUser' AND message_count = 10000) || '|' || count(*) FILTER (WHERE user_id = '$BenchUser' AND message_count = 20) || '|' || count(*) FILTER (WHERE user_id = '$WorkingSetUser' AND message_count = 100) FROM conversations"
    }
    catch { $have = $null }
    if ("$have".Trim() -eq $expected) { return }

    Write-Step 'Seeding the standard data set (once per bench database)'
    $env:ConnectionStrings__TodoChat = $Cluster.ConnectionString
    $env:Auth__JwtSecret = $BenchSecret
    try {
        # The first run also migrates the empty database.
        Invoke-Native dotnet @($Dll, 'seed', '--user', 'bench-setup', '--messages', '0') -Quiet
        Invoke-Psql $Cluster "DELETE FROM conversations WHERE user_id IN ('$BenchUser', '$WorkingSetUser', 'bench-setup'); DELETE FROM tasks WHERE user_id LIKE 'bench-%'" | Out-Null
        foreach ($set in @(@{ User = $BenchUser; Messages = 100000; Count = 1 }, @{ User = $BenchUser; Messages = 10000; Count = 1 }, @{ User = $BenchUser; Messages = 20; Count = 100 }, @{ User = $WorkingSetUser; Messages = 100; Count = 2000 })) {
            Invoke-Native dotnet @($Dll, 'seed', '--user', $set.User, '--messages', "$($set.Messages)", '--count', "$($set.Count)") -Quiet
        }
        Invoke-Psql $Cluster 'VACUUM ANALYZE' | Out-Null
    }
    finally {
        Remove-Item Env:ConnectionStrings__TodoChat, Env:Auth__JwtSecret -ErrorAction SilentlyContinue
    }
}

# Copies a child's stdout to $Log and its stderr beside it (.stderr.log) as they come, with .NET's own
# copy tasks. (A PowerShell scriptblock as a task's continuation waits for this runspace, which is busy
# until the bench ends, so the logs were never written.)
function Save-ProcessOutput([System.Diagnostics.Process] $Process, [string] $Log) {
    foreach ($pair in @(@($Process.StandardOutput, $Log), @($Process.StandardError, [IO.Path]::ChangeExtension($Log, '.stderr.log')))) {
        $file = [IO.FileStream]::new($pair[1], [IO.FileMode]::Create, [IO.FileAccess]::Write, [IO.FileShare]::ReadWrite, 1)
        $null = $pair[0].BaseStream.CopyToAsync($file)
    }
}

# Streamed turns one after another, each timed from sending the request to reading its first event.
function Measure-FirstEvent([int] $Port, [string[]] $Tokens, [int] $Count) {
    $http = [System.Net.Http.HttpClient]::new()
    $times = [System.Collections.Generic.List[double]]::new()
    try {
        foreach ($i in 1..$Count) {
            $user = ($i % $Tokens.Count) + 1
            $request = [System.Net.Http.HttpRequestMessage]::new('Post', "http://127.0.0.1:$Port/api/bench-chat-$user/chat")
            $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Tokens[$user - 1])
            $request.Headers.Accept.ParseAdd('text/event-stream')
            $request.Content = [System.Net.Http.StringContent]::new('{"conversation_id":null,"message":"list my tasks"}', [Text.Encoding]::UTF8, 'application/json')
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $response = $http.SendAsync($request, [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
            $reader = [IO.StreamReader]::new($response.Content.ReadAsStream())
            while ($null -ne ($line = $reader.ReadLine()) -and -not $line.StartsWith('event: ')) { }
            $times.Add($clock.Elapsed.TotalMilliseconds)
            $null = $reader.ReadToEnd()
            $reader.Dispose(); $response.Dispose()
            if ($line -ne 'event: turn.started') { Stop-WithError "S11: the first event was '$line', not turn.started." }
        }
    }
    finally { $http.Dispose() }
    $sorted = @($times | Sort-Object)
    return [pscustomobject]@{
        turns = $sorted.Count
        p50_ms = [math]::Round($sorted[[int][math]::Floor(0.50 * ($sorted.Count - 1))], 2)
        p99_ms = [math]::Round($sorted[[int][math]::Floor(0.99 * ($sorted.Count - 1))], 2)
    }
}

# Starts '$FileName <Arguments>' (dotnet unless said) with its output in $Log, and waits until $ReadyUrl
# answers below 500 (a 401 of an endpoint that needs a token counts: the process serves).
function Start-BenchProcess([string[]] $Arguments, [hashtable] $Environment, [string] $Log, [string] $ReadyUrl, [string] $What, [int] $Seconds = 60, [string] $FileName = 'dotnet') {
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($arg in $Arguments) { $psi.ArgumentList.Add($arg) }
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = $Environment[$key] }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    Save-ProcessOutput $process $Log
    # Any answer below 500 means it serves (a bench app may refuse the probe's request, and that is fine).
    if (Wait-HttpReady $ReadyUrl $Seconds { param($status) $status -lt 500 } $process) { return $process }
    if ($process.HasExited) { Stop-WithError "$What exited while starting (exit code $($process.ExitCode)); see $Log." }
    $process.Kill($true)
    Stop-WithError "$What did not become ready within $Seconds s; see $Log."
}

function Start-BenchApi([pscustomobject] $Cluster, [string] $Dll, [int] $Port, [string] $Log, [hashtable] $Settings = @{}, [string] $ReadyPath = '/health/ready') {
    $environment = @{
        'ConnectionStrings__TodoChat' = $Cluster.ConnectionString
        'Auth__JwtSecret' = $BenchSecret
        'ASPNETCORE_ENVIRONMENT' = 'Production'
        'Logging__LogLevel__Default' = 'Warning'
        'Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics' = 'Warning'
        'Diagnostics__ExposeAllocations' = 'true'
        # S7 measures how many turns the service can take; the per-user limits (60 a minute, 2 at once)
        # would measure themselves. The per-instance cap (Chat__MaxTurnsInFlight) stays at its default.
        'Api__ChatTurnsPerMinute' = '0'
        'Chat__MaxConcurrentTurnsPerUser' = '0'
    }
    foreach ($key in $Settings.Keys) { $environment[$key] = $Settings[$key] }
    return Start-BenchProcess @($Dll, '--urls', "http://127.0.0.1:$Port") $environment $Log "http://127.0.0.1:$Port$ReadyPath" 'The API'
}

function Get-Allocated([int] $Port) {
    return [long](Invoke-RestMethod -Uri "http://127.0.0.1:$Port/diagnostics/allocations").allocated_bytes
}

function ConvertTo-LuaString([string] $Value) { return "'" + $Value.Replace('\', '\\').Replace("'", "\'") + "'" }

# A value of this run as a Lua literal: a string, a number, or a list of them.
function ConvertTo-LuaValue([object] $Value) {
    if ($Value -is [string]) { return ConvertTo-LuaString $Value }
    if ($Value -is [System.Collections.IEnumerable]) { return '{' + ((@($Value) | ForEach-Object { ConvertTo-LuaValue $_ }) -join ',') + '}' }
    return [string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0}', $Value)
}

# What wrk prints at the end of a script's run, as one JSON line Invoke-Wrk reads.
$WrkSummary = @'

done = function(summary, latency, requests)
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"mean_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
'@

# The script wrk runs for a scenario, written to $WorkDir: a table 'bench' of this run's values (tokens,
# ids, the ETag) and the scenario's Parameters, then its script from bench/scenarios/, then the summary.
function New-WrkScript([hashtable] $Scenario, [System.Collections.IDictionary] $Values, [string] $WorkDir) {
    $all = [ordered]@{}
    foreach ($key in $Values.Keys) { $all[$key] = $Values[$key] }
    $all['connections'] = $Scenario.Connections
    foreach ($key in $Scenario.Parameters.Keys) { $all[$key] = $Scenario.Parameters[$key] }
    $table = ($all.Keys | ForEach-Object { "  $_ = $(ConvertTo-LuaValue $all[$_])," }) -join "`n"
    $path = Join-Path $WorkDir "$($Scenario.Name).lua"
    Set-Content -Path $path -Value ("-- bench/scenarios/$($Scenario.Script), with the values of this run (eng/Bench.psm1, New-WrkScript).`nlocal bench = {`n$table`n}`n" +
        (Get-Content (Join-Path $ScenarioDir $Scenario.Script) -Raw) + $WrkSummary)
    return $path
}

# One wrk run of a script of New-WrkScript; returns the scenario's result (the allocations the API
# reports for it unless -NoAllocations).
function Invoke-Wrk {
    param([string] $Name, [string] $Description, [string] $Script, [int] $Port, [int] $Seconds, [int] $Warmup, [int] $Connections, [switch] $NoAllocations, [string] $Timeout = '5s')
    $url = "http://127.0.0.1:$Port/"
    if ($Warmup -gt 0) {
        & wrk -t2 "-c$Connections" "-d$($Warmup)s" --timeout $Timeout -s $script $url | Out-Null
    }
    $before = if ($NoAllocations) { 0 } else { Get-Allocated $Port }
    $output = & wrk -t2 "-c$Connections" "-d$($Seconds)s" --timeout $Timeout --latency -s $script $url
    if ($LASTEXITCODE -ne 0) { throw "wrk failed for $Name." }
    $after = if ($NoAllocations) { 0 } else { Get-Allocated $Port }
    $line = $output | Where-Object { $_ -like 'BENCH_RESULT *' } | Select-Object -Last 1
    if (-not $line) { throw "wrk printed no result for $Name." }
    $r = $line.Substring('BENCH_RESULT '.Length) | ConvertFrom-Json
    $seconds = $r.duration_us / 1e6
    $socketErrors = $r.connect_errors + $r.read_errors + $r.write_errors + $r.timeouts
    return [pscustomobject]@{
        scenario = $Name
        description = $Description
        requests_per_second = [math]::Round($r.requests / $seconds, 1)
        mean_ms = [math]::Round($r.mean_us / 1000, 2)
        p50_ms = [math]::Round($r.p50_us / 1000, 2)
        p90_ms = [math]::Round($r.p90_us / 1000, 2)
        p99_ms = [math]::Round($r.p99_us / 1000, 2)
        requests = $r.requests
        non_2xx_3xx = $r.status_errors
        socket_errors = $socketErrors
        allocated_bytes_per_request = if ($r.requests -gt 0) { [math]::Round(($after - $before) / $r.requests) } else { 0 }
    }
}

# Scenarios on different instances, measured in turns rather than one after the other: each is warmed,
# then all run in short rounds, one after another, the order turning each round. Whatever the machine
# does meanwhile (other work on shared cores, the JIT's tier-up of a fresh process) then falls on all
# of them alike, and their ratios compare like with like. Each entry: Scenario (of
# Select-BenchScenarios), Port, NoAllocations.
function Invoke-WarmUp([hashtable[]] $Entries, [int] $Rounds) {
    foreach ($round in 1..$Rounds) {
        foreach ($e in $Entries) {
            $s = $e.Scenario
            $null = Invoke-Wrk -Name "warm-$($s.Name)" -Description '' -Script $e.Script -Port $e.Port -Seconds $s.Warmup -Warmup 0 -Connections $s.Connections -NoAllocations:([bool]$e['NoAllocations']) -Timeout $s.Timeout
        }
    }
}

# The CPU time the processes of an entry (its Processes: the instance, or a balancer and its
# instances) have used so far, in milliseconds.
function Get-CpuMilliseconds([hashtable] $Entry) {
    $total = 0.0
    foreach ($p in @($Entry['Processes'])) {
        if ($p) { $p.Refresh(); $total += $p.TotalProcessorTime.TotalMilliseconds }
    }
    return $total
}

# The measured rounds of entries warmed by Invoke-WarmUp: a scenario's Seconds split into $Rounds
# rounds. A result adds up its rounds: requests over seconds, the mean weighted by requests, the
# percentiles the median of its rounds', allocations over requests; 'rounds' says how many it adds
# up (a round of each copy of an instance counts once), and
# 'cpu_us_per_request' what its processes spent on a request (CPU time, whoever else ran meanwhile:
# less sensitive to a busy machine than requests per second).
function Measure-InTurns([hashtable[]] $Entries, [int] $Rounds) {
    $runs = @{}
    $cpu = @{}
    foreach ($e in $Entries) { $runs[$e.Scenario.Name] = [System.Collections.Generic.List[object]]::new(); $cpu[$e.Scenario.Name] = 0.0 }
    for ($round = 0; $round -lt $Rounds; $round++) {
        for ($i = 0; $i -lt $Entries.Count; $i++) {
            $e = $Entries[($i + $round) % $Entries.Count]
            $s = $e.Scenario
            $seconds = [math]::Max(1, [math]::Round($s.Seconds / $Rounds))
            $before = Get-CpuMilliseconds $e
            $runs[$s.Name].Add((Invoke-Wrk -Name $s.Name -Description $s.Description -Script $e.Script -Port $e.Port -Seconds $seconds -Warmup 0 -Connections $s.Connections -NoAllocations:([bool]$e['NoAllocations']) -Timeout $s.Timeout))
            $cpu[$s.Name] += (Get-CpuMilliseconds $e) - $before
        }
    }
    $median = { param([double[]] $Values) $sorted = @($Values | Sort-Object); if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 } }
    $reported = @{}
    foreach ($e in $Entries) {
        # Copies of an instance measure the same scenario: one result adds them up.
        if ($reported.ContainsKey($e.Scenario.Name)) { continue }
        $reported[$e.Scenario.Name] = $true
        $rs = $runs[$e.Scenario.Name]
        $requests = ($rs | Measure-Object requests -Sum).Sum
        $seconds = ($rs | ForEach-Object { if ($_.requests_per_second -gt 0) { $_.requests / $_.requests_per_second } else { 0 } } | Measure-Object -Sum).Sum
        $weighted = { param([string] $Field) if ($requests -gt 0) { ($rs | ForEach-Object { $_.$Field * $_.requests } | Measure-Object -Sum).Sum / $requests } else { 0 } }
        [pscustomobject]@{
            scenario = $e.Scenario.Name
            description = $e.Scenario.Description
            requests_per_second = if ($seconds -gt 0) { [math]::Round($requests / $seconds, 1) } else { 0 }
            mean_ms = [math]::Round((& $weighted 'mean_ms'), 2)
            p50_ms = [math]::Round((& $median @($rs.p50_ms)), 2)
            p90_ms = [math]::Round((& $median @($rs.p90_ms)), 2)
            p99_ms = [math]::Round((& $median @($rs.p99_ms)), 2)
            requests = $requests
            non_2xx_3xx = ($rs | Measure-Object non_2xx_3xx -Sum).Sum
            socket_errors = ($rs | Measure-Object socket_errors -Sum).Sum
            allocated_bytes_per_request = [math]::Round((& $weighted 'allocated_bytes_per_request'))
            rounds = $rs.Count
            cpu_us_per_request = if ($requests -gt 0) { [math]::Round($cpu[$e.Scenario.Name] * 1000 / $requests, 1) } else { 0 }
        }
    }
}

# Prints a result's line.
function Write-BenchResult([object] $Result, [switch] $NoAllocations) {
    $line = "    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}" -f $Result.requests_per_second, $Result.p50_ms, $Result.p99_ms, $Result.non_2xx_3xx, $Result.socket_errors
    if (-not $NoAllocations) { $line += "  {0:N0} B/req" -f $Result.allocated_bytes_per_request }
    if ($Result.PSObject.Properties['cpu_us_per_request']) { $line += "  {0:N1} us CPU/req" -f $Result.cpu_us_per_request }
    Write-Host "  $($Result.scenario)$line"
}

function Invoke-PgBench([pscustomobject] $Cluster, [string] $ConversationId, [int] $Seconds, [int] $Clients, [string] $WorkDir) {
    $file = Join-Path $WorkDir 'first_page.sql'
    Set-Content -Path $file -Value "SELECT m.id, m.seq, m.role, m.content, m.created_at FROM messages AS m WHERE m.conversation_id = '$ConversationId' ORDER BY m.created_at, m.seq LIMIT 51;"
    $output = Invoke-PgClient $Cluster 'pgbench' @('-n', '-M', 'prepared', '-c', "$Clients", '-j', '2', '-T', "$Seconds", '-f', $file, $Cluster.Database)
    $tps = ($output | Select-String -Pattern 'tps = ([0-9.]+)' | Select-Object -First 1).Matches[0].Groups[1].Value
    $latency = ($output | Select-String -Pattern 'latency average = ([0-9.]+) ms' | Select-Object -First 1).Matches[0].Groups[1].Value
    return [pscustomobject]@{ queries_per_second = [math]::Round([double]$tps, 1); latency_average_ms = [double]$latency; clients = $Clients }
}

# X1: read-your-writes across two instances on one database. Chat turns go through instance A; right
# after each answer, the same client reads the newest message through instance B (which wrk keeps busy
# with W1 meanwhile), once plainly and once with A's ETag in If-None-Match. A violation is a page
# without the turn, an ETag other than A's, or anything but 304 for A's ETag: nobody else writes there.
function Invoke-ReadYourWrites {
    param([pscustomobject] $Cluster, [string] $Dll, [string] $Token, [string] $LoadScript, [int] $Trials, [int] $Connections, [string] $WorkDir)
    $portA = Get-FreePort
    $a = Start-BenchApi $Cluster $Dll $portA (Join-Path $WorkDir 'x1-a.log')
    $portB = Get-FreePort
    $b = $null; $load = $null
    $client = [System.Net.Http.HttpClient]::new()
    $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Token)
    try {
        $b = Start-BenchApi $Cluster $Dll $portB (Join-Path $WorkDir 'x1-b.log')
        Write-Step "X1: $Trials chat turns through instance A (:$portA), each read back at once through instance B (:$portB) under W1 load"
        # Bounded: wrk stops by itself after 10 minutes, and is stopped as soon as the trials end.
        $load = Start-Process -FilePath wrk -ArgumentList @('-t1', "-c$([math]::Min(50, $Connections))", '-d600s', '--timeout', '5s', '-s', $loadScript, "http://127.0.0.1:$portB/") -PassThru -RedirectStandardOutput (Join-Path $WorkDir 'x1-load.out')
        $violations = 0
        $conversation = $null
        $turns = 0
        for ($i = 1; $i -le $Trials; $i++) {
            # A new conversation every 100 turns.
            if (($i - 1) % 100 -eq 0) { $conversation = $null; $turns = 0 }
            $body = if ($conversation) { "{`"conversation_id`":`"$conversation`",`"message`":`"list my tasks`"}" } else { '{"conversation_id":null,"message":"list my tasks"}' }
            $content = [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json')
            $turn = $client.PostAsync("http://127.0.0.1:$portA/api/bench-x1/chat", $content).GetAwaiter().GetResult()
            if (-not $turn.IsSuccessStatusCode) { throw "X1: a chat turn through A failed with $([int]$turn.StatusCode)." }
            $etag = "$($turn.Headers.ETag)"
            $conversation = ($turn.Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json).conversation_id
            $turns++
            $uri = "http://127.0.0.1:$portB/api/bench-x1/conversations/$conversation/messages?order=desc&limit=1"

            $plain = $client.GetAsync($uri).GetAwaiter().GetResult()
            $newest = if ($plain.StatusCode -eq 200) { @(($plain.Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json).data)[0] } else { $null }
            $plainOk = $plain.StatusCode -eq 200 -and $newest -and $newest.seq -eq 2 * $turns -and "$($plain.Headers.ETag)" -eq $etag

            $conditional = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $uri)
            $null = $conditional.Headers.TryAddWithoutValidation('If-None-Match', $etag)
            $revalidated = $client.SendAsync($conditional).GetAwaiter().GetResult()
            $conditionalOk = [int]$revalidated.StatusCode -eq 304

            if (-not ($plainOk -and $conditionalOk)) { $violations++ }
        }
        Write-Host ("    {0} violations in {1} write-then-read trials" -f $violations, $Trials)
        return [pscustomobject]@{ trials = $Trials; violations = $violations }
    }
    finally {
        if ($load -and -not $load.HasExited) { $load.Kill() }
        $client.Dispose()
        foreach ($p in @($a, $b)) { Stop-ProcessTree $p }
    }
}

# S7s's model: bench/SlowModel, an OpenAI-compatible server that answers every call after $DelayMs.
function Start-SlowModel([string] $Dll, [int] $Port, [int] $DelayMs, [string] $Log) {
    return Start-BenchProcess @($Dll, '--urls', "http://127.0.0.1:$Port", '--delay-ms', "$DelayMs") @{} $Log "http://127.0.0.1:$Port/health" 'The slow model' 30
}

# /health shows the pool's figures of the moment only (busy, idle, total, max), so a runspace reads it
# every 250 ms while wrk runs and keeps the largest. /health alone cannot see the pool run out: its
# own SELECT 1 queues for a connection, and it counts the pool after that. So the runspace also reads
# /metrics, which touches no connection, for Npgsql's connections in use and the requests waiting for
# one (db.client.connection.npgsql.pending_requests): a sample with a waiter, or with every connection
# in use, is a moment the pool was exhausted. Bursts between samples go unseen.
function Start-PoolSampler([int] $Port) {
    $state = [hashtable]::Synchronized(@{ Stop = $false; Samples = 0; MaxBusy = 0; MaxTotal = 0; MaxSize = 0; MaxWaiting = 0; Exhausted = 0; Failures = 0; SlowestMs = 0 })
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
        param([string] $Base, [hashtable] $State)
        $client = [System.Net.Http.HttpClient]::new()
        $client.Timeout = [TimeSpan]::FromSeconds(10)
        $figure = { param([string] $Text, [string] $Pattern) $m = [regex]::Match($Text, $Pattern, 'Multiline'); if ($m.Success) { [int][double]$m.Groups[1].Value } else { 0 } }
        try {
            while (-not $State.Stop) {
                try {
                    $metrics = $client.GetStringAsync("$Base/metrics").GetAwaiter().GetResult()
                    $used = & $figure $metrics '^db_client_connection_count\{[^}]*pool_name="todochat"[^}]*state="used"[^}]*\} (\S+)'
                    $waiting = & $figure $metrics '^db_client_connection_npgsql_pending_requests\{[^}]*pool_name="todochat"[^}]*\} (\S+)'
                    $max = & $figure $metrics '^db_client_connection_max\{[^}]*pool_name="todochat"[^}]*\} (\S+)'

                    $watch = [Diagnostics.Stopwatch]::StartNew()
                    $response = $client.GetAsync("$Base/health").GetAwaiter().GetResult()
                    $pool = ($response.Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json).database.pool
                    $State.SlowestMs = [math]::Max($State.SlowestMs, [int]$watch.ElapsedMilliseconds)
                    if (-not $response.IsSuccessStatusCode) { $State.Failures++ }

                    $State.Samples++
                    $State.MaxSize = [math]::Max([int]$pool.max_size, $max)
                    $State.MaxBusy = [math]::Max($State.MaxBusy, [math]::Max([int]$pool.busy, $used))
                    $State.MaxTotal = [math]::Max($State.MaxTotal, [int]$pool.total)
                    $State.MaxWaiting = [math]::Max($State.MaxWaiting, $waiting)
                    if ($waiting -gt 0 -or $used -ge $State.MaxSize -or [int]$pool.busy -ge $State.MaxSize) { $State.Exhausted++ }
                }
                catch { $State.Failures++ }
                Start-Sleep -Milliseconds 250
            }
        }
        finally { $client.Dispose() }
    }).AddArgument("http://127.0.0.1:$Port").AddArgument($state)
    return [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke(); State = $state }
}

function Stop-PoolSampler([pscustomobject] $Sampler) {
    $Sampler.State.Stop = $true
    try { $null = $Sampler.PowerShell.EndInvoke($Sampler.Handle) } finally { $Sampler.PowerShell.Dispose() }
    return $Sampler.State
}

# Npgsql's own count of pool checkouts that timed out waiting (db.client.connection.npgsql.timeouts in
# /metrics). The series appears with the first timeout, so none beside the pool's other series is 0;
# -1 when /metrics says nothing of the pool.
function Get-PoolTimeouts([int] $Port) {
    try { $metrics = (Invoke-WebRequest -Uri "http://127.0.0.1:$Port/metrics" -TimeoutSec 10).Content } catch { return -1 }
    $pool = @($metrics -split "`n" | Where-Object { $_ -match '^db_client_connection_[a-z_]+\{[^}]*pool_name="todochat"' })
    if ($pool.Count -eq 0) { return -1 }
    $lines = @($pool | Where-Object { $_ -match '^db_client_connection_(npgsql_)?timeouts' })
    if ($lines.Count -eq 0) { return 0 }
    return [long](($lines | ForEach-Object { [double]($_.Trim() -split ' ')[-1] } | Measure-Object -Sum).Sum)
}

# S7s: chat turns while the model takes 2 s. An instance whose agent is the slow model (bench/SlowModel),
# 200 wrk connections over 200 users, each turn a new conversation with a plain message (no tool
# calls; bench/scenarios/S7s.lua). A turn holds no database connection while the model thinks, so the
# pool (30) must not run out although 200 turns are in flight; the ceiling is 200 connections / 2 s =
# 100 turns/s. The delay and the connections are the scenario's (bench/scenarios.psd1).
function Invoke-SlowModelTurns {
    param([pscustomobject] $Cluster, [string] $Dll, [string] $ModelDll, [hashtable] $Scenario, [string] $Script, [string] $WorkDir)
    $DelayMs = $Scenario.Parameters.model_delay_ms
    $Connections = $Scenario.Connections
    $modelPort = Get-FreePort
    $model = Start-SlowModel $ModelDll $modelPort $DelayMs (Join-Path $WorkDir 's7s-model.log')
    $api = $null; $sampler = $null
    try {
        $port = Get-FreePort
        # No retries: a failed model call shows as an error, not as a slow turn. Timeouts far above 2 s.
        $api = Start-BenchApi $Cluster $Dll $port (Join-Path $WorkDir 's7s-api.log') @{
            'Ai__Provider' = 'openai'; 'Ai__Endpoint' = "http://127.0.0.1:$modelPort/v1"; 'Ai__Model' = 'slow-model'; 'Ai__ApiKey' = 'bench'
            'Ai__AttemptTimeoutSeconds' = '30'; 'Ai__TotalTimeoutSeconds' = '60'; 'Ai__MaxRetries' = '0'
        }
        Write-Step "$($Scenario.Name): $($Scenario.Description)"
        # Warm-up: at least one answer per connection (the model alone takes $DelayMs).
        $null = Invoke-Wrk -Name "warm-$($Scenario.Name)" -Description '' -Script $Script -Port $port -Seconds $Scenario.Warmup -Warmup 0 -Connections $Connections -Timeout $Scenario.Timeout
        # wrk leaves 200 turns unanswered when it stops; the API cancels and logs them before the run.
        Start-Sleep -Seconds 1
        $sampler = Start-PoolSampler $port
        $r = Invoke-Wrk -Name $Scenario.Name -Description $Scenario.Description -Script $Script -Port $port -Seconds $Scenario.Seconds -Warmup 0 -Connections $Connections -Timeout $Scenario.Timeout
        $pool = Stop-PoolSampler $sampler
        $sampler = $null
        $timeouts = Get-PoolTimeouts $port
        # wrk counts the turns that ended within the run: the first 2 s go to the spread starts, and a
        # turn under way at the end is not counted, so when the service does 100 turns/s the count
        # reads about 93 over 30 s and 87 over 15 s. The steady rate of connections that always wait
        # for an answer is connections / mean latency (Little's law), which has neither edge.
        $r | Add-Member -NotePropertyMembers ([ordered]@{
            turns_per_second_from_latency = if ($r.mean_ms -gt 0) { [math]::Round($Connections * 1000 / $r.mean_ms, 1) } else { 0 }
            pool_max_busy = $pool.MaxBusy
            pool_max_total = $pool.MaxTotal
            pool_max_size = $pool.MaxSize
            pool_samples = $pool.Samples
            pool_max_waiting = $pool.MaxWaiting
            pool_samples_exhausted = $pool.Exhausted
            health_failures = $pool.Failures
            health_slowest_ms = $pool.SlowestMs
            pool_timeouts = $timeouts
        })
        Write-Host ("    {0,9:N1} turns/s ({1:N1} from the mean latency, {2} ms)  p50 {3} ms  p99 {4} ms  errors {5}/{6}  {7:N0} B/turn" -f $r.requests_per_second, $r.turns_per_second_from_latency, $r.mean_ms, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors, $r.allocated_bytes_per_request)
        Write-Host ("    pool: at most {0} of {1} connections in use ({2} open), at most {3} requests waiting for one; exhausted in {4} of {5} samples; pool timeouts {6}; slowest /health {7} ms, {8} samples failed" -f $pool.MaxBusy, $pool.MaxSize, $pool.MaxTotal, $pool.MaxWaiting, $pool.Exhausted, $pool.Samples, $(if ($timeouts -lt 0) { 'not reported' } else { $timeouts }), $pool.SlowestMs, $pool.Failures)
        return $r
    }
    finally {
        if ($sampler) { $null = Stop-PoolSampler $sampler }
        foreach ($p in @($api, $model)) { Stop-ProcessTree $p }
    }
}

# R1 (and R1n, without the history cache): W1's workload through the load balancer (HAProxy,
# eng/Balancer.psm1) over two instances whose history reads go to a streaming standby of the bench
# database (made once with pg_basebackup, kept beside it). Each is measured in turns with its reference
# (Beside: W1r, W1rn), W1 on one fresh instance with the same settings reading the primary alone, so
# that R1/W1r is the price of the arrangement. The instances count where their reads went (/health's
# replica_reads): on the standby, or on the primary because the standby lagged or failed. On two cores
# the point is correctness at a bounded cost, not more throughput: the balancer and a second process
# share the cores.
function Invoke-ReplicaReads {
    param([pscustomobject] $Cluster, [string] $Dll, [hashtable[]] $Scenarios, [hashtable] $Scripts, [string] $WorkDir, [int] $Rounds)
    Install-Haproxy
    $standby = Start-Standby $Cluster (Get-ClusterDir 'bench-standby')
    $results = @()
    try {
        Wait-StandbyCaughtUp $Cluster $standby

        foreach ($variant in $Scenarios) {
            $processes = @()
            try {
                $backends = @()
                foreach ($i in 1..2) {
                    $port = Get-FreePort
                    # Two instances on one machine's cores: workstation GC, as 'cluster up' runs them (ADR-016).
                    $settings = @{ 'ConnectionStrings__TodoChatReplicas' = $standby.ConnectionString; 'DOTNET_gcServer' = '0' } + $variant.Settings
                    $processes += Start-BenchApi $Cluster $Dll $port (Join-Path $WorkDir "$($variant.Name)-api$i.log") $settings
                    $backends += "http://127.0.0.1:$port"
                }

                $front = Get-FreePort
                $config = Join-Path $WorkDir "$($variant.Name)-haproxy.cfg"
                New-BalancerConfig $config $front @($backends | ForEach-Object { ([Uri]$_).Authority })
                $processes += Start-BenchProcess (Get-BalancerArguments $config) @{} (Join-Path $WorkDir "$($variant.Name)-balancer.log") "http://127.0.0.1:$front/health/ready" "$($variant.Name)'s load balancer" 30 -FileName 'haproxy'

                $reference = $variant.Clone()
                $reference['Name'] = $variant.Beside.Name
                $reference['Description'] = $variant.Beside.Description
                $referencePort = Get-FreePort
                $processes += Start-BenchApi $Cluster $Dll $referencePort (Join-Path $WorkDir "$($reference.Name).log") $variant.Settings

                $entries = @(
                    @{ Scenario = $variant; Script = $Scripts[$variant.Name]; Port = $front; NoAllocations = $true; Processes = $processes[0..2] },
                    @{ Scenario = $reference; Script = $Scripts[$variant.Name]; Port = $referencePort; NoAllocations = $true; Processes = @($processes[3]) }
                )
                Write-Step "$($variant.Name) beside $($reference.Name): $($variant.Description)"
                Invoke-WarmUp $entries 2

                $count = {
                    $sum = [ordered]@{ served = 0L; lagging = 0L; failed = 0L; cache_hits = 0L }
                    foreach ($b in $backends) {
                        $h = Invoke-RestMethod -Uri "$b/health"
                        $sum.served += $h.database.replica_reads.served; $sum.lagging += $h.database.replica_reads.lagging; $sum.failed += $h.database.replica_reads.failed
                        $sum.cache_hits += $h.cache.history.hits
                    }
                    $sum
                }
                $before = & $count
                $measured = @(Measure-InTurns $entries $Rounds)
                $after = & $count
                $r = $measured[0]
                $served = $after.served - $before.served; $lagging = $after.lagging - $before.lagging; $failed = $after.failed - $before.failed
                $databaseReads = $served + $lagging + $failed
                $r | Add-Member -NotePropertyMembers ([ordered]@{
                    standby_reads = $served
                    primary_reads_standby_behind = $lagging
                    primary_reads_standby_down = $failed
                    standby_share_of_database_reads = if ($databaseReads -gt 0) { [math]::Round($served / $databaseReads, 4) } else { 0 }
                    cache_hits = $after.cache_hits - $before.cache_hits
                })
                Write-BenchResult $measured[1] -NoAllocations
                Write-BenchResult $r -NoAllocations
                Write-Host ("    database reads of {0}: {1} on the standby, {2} on the primary (standby behind), {3} (standby down); {4} cache hits" -f $r.scenario, $served, $lagging, $failed, $r.cache_hits)
                $results += $measured[1]
                $results += $r
            }
            finally {
                foreach ($p in $processes) { Stop-ProcessTree $p }
            }
        }
    }
    finally { Stop-Cluster -Dir $standby.Dir }
    return $results
}

# The scenarios of this run, in the table's order: the ones named (all when none is; a variant only
# with its base), each with its script and parameters (a variant's are its base's) and wrk's settings.
function Select-BenchScenarios([hashtable] $Table, [string[]] $Only, [hashtable] $Run) {
    $wanted = { param([string] $Name) $Only.Count -eq 0 -or $Name -in $Only }
    foreach ($entry in $Table.Scenarios) {
        if (-not (& $wanted $entry.Name)) { continue }
        $scenario = $entry.Clone()
        if ($entry['Base']) {
            if (-not (& $wanted $entry.Base)) { continue }
            $base = @($Table.Scenarios | Where-Object { $_.Name -eq $entry.Base })[0]
            $scenario['Script'] = $base['Script']
            $scenario['Parameters'] = $base['Parameters']
        }
        $scenario['Parameters'] = $scenario['Parameters'] ?? @{}
        $scenario['Connections'] = $entry['Connections'] ?? $Run.Connections
        $scenario['Seconds'] = [math]::Max($Run.Seconds * ($entry['SecondsTimes'] ?? 1), $entry['SecondsAtLeast'] ?? 0)
        $scenario['Warmup'] = [math]::Max($Run.Warmup, $entry['WarmupAtLeast'] ?? 0)
        $scenario['Timeout'] = $entry['Timeout'] ?? '5s'
        $scenario
    }
}

# The scenarios of one instance of runner 'api', on $Port. Every one is warmed first: on two busy cores
# the JIT's background tier-up is slow (under load it takes tens of seconds), and the first scenario
# would otherwise pay for everyone's warm-up. Then each is measured after a warm-up of its own.
function Invoke-ApiScenarios([hashtable] $Instance, [hashtable[]] $Scenarios, [hashtable] $Scripts, [int] $Port) {
    $noAllocations = [bool]$Instance['NoAllocations']
    Write-Step "Warming up every scenario of $($Instance.What)"
    foreach ($round in 1..$Instance.WarmRounds) {
        foreach ($s in $Scenarios) {
            $null = Invoke-Wrk -Name "warm-$($s.Name)" -Description '' -Script $Scripts[$s.Name] -Port $Port -Seconds $s.Warmup -Warmup 0 -Connections $s.Connections -NoAllocations:$noAllocations -Timeout $s.Timeout
        }
    }
    foreach ($s in $Scenarios) {
        Write-Step "$($s.Name): $($s.Description)"
        $r = Invoke-Wrk -Name $s.Name -Description $s.Description -Script $Scripts[$s.Name] -Port $Port -Seconds $s.Seconds -Warmup $s.Warmup -Connections $s.Connections -NoAllocations:$noAllocations -Timeout $s.Timeout
        Write-BenchResult $r -NoAllocations:$noAllocations
        $r
    }
}

# Starts an instance of runner 'api': its App with its Settings (and its ConnectionOptions added to the
# bench database's connection string).
function Start-BenchInstance([hashtable] $Instance, [pscustomobject] $Cluster, [hashtable] $Dlls, [int] $Port, [string] $WorkDir, [int] $Copy = 1) {
    $settings = $Instance.Settings.Clone()
    if ($Instance['ConnectionOptions']) { $settings['ConnectionStrings__TodoChat'] = "$($Cluster.ConnectionString);$($Instance.ConnectionOptions)" }
    $log = if ($Copy -gt 1) { "$($Instance.Name)-$Copy.log" } else { "$($Instance.Name).log" }
    Write-Step "Starting $($Instance.What) on 127.0.0.1:$Port"
    return Start-BenchApi $Cluster $Dlls[$Instance.App] $Port (Join-Path $WorkDir $log) $settings -ReadyPath ($Instance['ReadyPath'] ?? '/health/ready')
}

# The instances of one SideBySide group of bench/scenarios.psd1 (runner 'api'), started together on
# ports of their own, their scenarios warmed and measured in turns (Invoke-WarmUp, Measure-InTurns).
function Invoke-SideBySideInstances([hashtable[]] $Instances, [hashtable[]] $Scenarios, [hashtable] $Scripts, [pscustomobject] $Cluster, [hashtable] $Dlls, [string] $WorkDir, [int] $Rounds) {
    $processes = @()
    try {
        $entries = @()
        foreach ($instance in $Instances) {
            $group = @($Scenarios | Where-Object { $_.Instance -eq $instance.Name })
            if ($group.Count -eq 0) { continue }
            # Copies: processes of the same build and settings, each measured in its turn and added up,
            # so that one process's luck (where its JIT and heap landed) weighs less on a ratio.
            foreach ($copy in 1..($instance['Copies'] ?? 1)) {
                $port = Get-FreePort
                $process = Start-BenchInstance $instance $Cluster $Dlls $port $WorkDir -Copy $copy
                $processes += $process
                $entries += @($group | ForEach-Object { @{ Scenario = $_; Script = $Scripts[$_.Name]; Port = $port; NoAllocations = [bool]$instance['NoAllocations']; Processes = @($process) } })
            }
        }
        Write-Step "Measuring in turns: $(($entries | ForEach-Object { $_.Scenario.Name }) -join ', ')"
        Invoke-WarmUp $entries ($Instances[0].WarmRounds)
        $measured = @(Measure-InTurns $entries $Rounds)
        foreach ($r in $measured) { Write-BenchResult $r }
        return $measured
    }
    finally {
        foreach ($p in $processes) { Stop-ProcessTree $p }
    }
}

# 'bench [-Quick] [-Scenario S1,W1]'.
function Invoke-Bench([switch] $Quick, [string[]] $Scenario = @()) {
    $table = Import-PowerShellDataFile $ScenarioTable
    $run = if ($Quick) { $table.Runs.Quick } else { $table.Runs.Full }
    $only = @($Scenario | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $unknown = @($only | Where-Object { $_ -notin $table.Scenarios.Name })
    if ($unknown.Count -gt 0) { Stop-WithError "no scenario $($unknown -join ', ') in bench/scenarios.psd1 ('dotnet pwsh ./build.ps1 help' lists them)." 2 }
    $scenarios = @(Select-BenchScenarios $table $only $run)
    $names = @($scenarios | ForEach-Object { $_.Name })
    $wanted = { param([string] $Name) $Name -in $names }
    $seconds = $run.Seconds
    $warmup = $run.Warmup
    $connections = $run.Connections

    Install-Wrk
    Write-Step 'Building (Release)'
    foreach ($project in @('src/WebApi/WebApi.csproj', 'bench/Floor/Floor.csproj', 'bench/SlowModel/SlowModel.csproj')) {
        Invoke-DotnetBuild (Join-Path $Root $project) 'Release'
    }
    $dlls = @{
        api = Join-Path $Root 'src/WebApi/bin/Release/net10.0/TodoChat.WebApi.dll'
        floor = Join-Path $Root 'bench/Floor/bin/Release/net10.0/TodoChat.Bench.Floor.dll'
        model = Join-Path $Root 'bench/SlowModel/bin/Release/net10.0/TodoChat.Bench.SlowModel.dll'
    }

    $cluster = Start-Cluster -Dir (Get-ClusterDir 'bench')
    $work = Join-Path ([IO.Path]::GetTempPath()) "todochat-bench-$PID"
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    $api = $null
    $results = @()
    $firstEvent = $null
    $s7s = $null
    $x1 = [pscustomobject]@{ trials = 0; violations = 0 }
    $pg = [pscustomobject]@{ queries_per_second = 0; latency_average_ms = 0; clients = 0 }
    try {
        Initialize-BenchData $cluster $dlls.api
        $big = (Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 100000 LIMIT 1").Trim()
        $tenK = (Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 10000 LIMIT 1").Trim()
        $small = @(Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 20 ORDER BY id" | ForEach-Object { $_.Trim() })
        $workingSet = @(Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$WorkingSetUser' AND message_count = 100 ORDER BY id" | ForEach-Object { $_.Trim() })
        Invoke-Psql $cluster "DELETE FROM conversations WHERE user_id LIKE 'bench-chat-%' OR user_id LIKE 'bench-s7s-%' OR user_id = 'bench-x1'; DELETE FROM tasks WHERE user_id LIKE 'bench-chat-%' OR user_id LIKE 'bench-s7s-%' OR user_id = 'bench-x1'" | Out-Null

        # The main instance: it answers what the scripts need before its own scenarios run.
        $main = @($table.Instances | Where-Object { $_.Name -eq 'main' })[0]
        $port = Get-FreePort
        $api = Start-BenchInstance $main $cluster $dlls $port $work

        $env:Auth__JwtSecret = $BenchSecret
        $token = New-Jwt $BenchUser 2
        $chatTokens = New-Jwts @(1..50 | ForEach-Object { "bench-chat-$_" }) 2
        $workingSetToken = New-Jwt $WorkingSetUser 2
        $x1Token = New-Jwt 'bench-x1' 2
        $slowTokens = if (& $wanted 'S7s') { New-Jwts @(1..200 | ForEach-Object { "bench-s7s-$_" }) 2 } else { @() }
        Remove-Item Env:Auth__JwtSecret

        $history = "/api/$BenchUser/conversations"
        $first = Invoke-WebRequest -Uri "http://127.0.0.1:$port$history/$tenK/messages?limit=50" -Headers @{ Authorization = "Bearer $token" }

        # Deep cursors into the 100,000-message conversation, issued by the API itself.
        Write-Step 'Collecting deep cursors'
        $random = [Random]::new(42)
        $cursors = foreach ($i in 1..$run.Cursors) {
            $offset = $random.Next(50000, 99800)
            (Invoke-RestMethod -Uri "http://127.0.0.1:$port$history/$big/messages?limit=50&offset=$offset" -Headers @{ Authorization = "Bearer $token" }).next_cursor
        }

        # What the scripts of bench/scenarios/ read, as the table 'bench'.
        $values = [ordered]@{
            token = $token; history = $history; ten_k = $tenK; big = $big; cursors = @($cursors)
            etag = "$($first.Headers['ETag'])"; small = $small; chat_tokens = @($chatTokens)
            working_set_user = $WorkingSetUser; working_set_token = $workingSetToken; working_set = $workingSet
            slow_tokens = @($slowTokens)
        }
        $scripts = @{}
        foreach ($s in $scenarios) { if ($s['Script']) { $scripts[$s.Name] = New-WrkScript $s $values $work } }

        $results += @(Invoke-ApiScenarios $main @($scenarios | Where-Object { $_.Instance -eq 'main' }) $scripts $port)
        # S11's time to first event, which wrk (whole responses) cannot see: sequential streamed turns
        # timed from the request to the first event's bytes, on the same warm instance.
        if (& $wanted 'S11') {
            $firstEvent = Measure-FirstEvent -Port $port -Tokens $chatTokens -Count $run.FirstEventTurns
            Write-Host ("    S11 time to first event over {0} turns: p50 {1} ms, p99 {2} ms" -f $firstEvent.turns, $firstEvent.p50_ms, $firstEvent.p99_ms)
        }
        $cacheStats = Invoke-RestMethod -Uri "http://127.0.0.1:$port/health"
        Stop-ProcessTree $api
        $api = $null

        $sideBySideDone = @()
        foreach ($instance in @($table.Instances | Where-Object { $_.Name -ne 'main' })) {
            $group = @($scenarios | Where-Object { $_.Instance -eq $instance.Name })
            if ($group.Count -eq 0) { continue }
            if ($instance['SideBySide']) {
                # Every instance of the same SideBySide group at once, their scenarios measured in turns.
                if ($instance.SideBySide -in $sideBySideDone) { continue }
                $sideBySideDone += $instance.SideBySide
                $results += @(Invoke-SideBySideInstances @($table.Instances | Where-Object { $_['SideBySide'] -eq $instance.SideBySide }) $scenarios $scripts $cluster $dlls $work $run.Rounds)
                continue
            }
            switch ($instance.Runner) {
                'api' {
                    $api = Start-BenchInstance $instance $cluster $dlls $port $work
                    $results += @(Invoke-ApiScenarios $instance $group $scripts $port)
                    Stop-ProcessTree $api
                    $api = $null
                }
                'slow-model' {
                    foreach ($s in $group) {
                        $s7s = Invoke-SlowModelTurns -Cluster $cluster -Dll $dlls.api -ModelDll $dlls.model -Scenario $s -Script $scripts[$s.Name] -WorkDir $work
                        $results += $s7s
                    }
                }
                'replicas' { $results += @(Invoke-ReplicaReads -Cluster $cluster -Dll $dlls.api -Scenarios $group -Scripts $scripts -WorkDir $work -Rounds $run.Rounds) }
                'read-your-writes' { $x1 = Invoke-ReadYourWrites -Cluster $cluster -Dll $dlls.api -Token $x1Token -LoadScript $scripts['X1'] -Trials $run.X1Trials -Connections $group[0].Connections -WorkDir $work }
                'pgbench' {
                    Write-Step 'pgbench: the first-page query, prepared (the database''s own ceiling)'
                    $pg = Invoke-PgBench $cluster $tenK $seconds ([math]::Min($connections, 32)) $work
                    Write-Host ("    {0:N1} queries/s, {1} ms average, {2} clients" -f $pg.queries_per_second, $pg.latency_average_ms, $pg.clients)
                }
                default { throw "bench/scenarios.psd1: instance '$($instance.Name)' has runner '$($instance.Runner)', which eng/Bench.psm1 does not know." }
            }
        }
    }
    finally {
        Stop-ProcessTree $api
        Stop-Cluster -Dir $cluster.Dir
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    $byName = @{}
    $results | ForEach-Object { $byName[$_.scenario] = $_ }
    # A scenario's rate, $null when it did not run (pgbench's is 0 then).
    $rate = { param([string] $Name) if ($Name -eq 'pgbench') { $pg.queries_per_second } elseif ($byName.ContainsKey($Name)) { $byName[$Name].requests_per_second } else { $null } }
    $ratios = [ordered]@{}
    $targets = @{}
    foreach ($ratio in $table.Ratios) {
        $name = "$($ratio.Of)_over_$($ratio.Over)".ToLowerInvariant()
        $of = & $rate $ratio.Of
        $over = & $rate $ratio.Over
        $ratios[$name] = if ($null -ne $of -and $over -gt 0) { [math]::Round($of / $over, ($ratio['Digits'] ?? 2)) } else { 0 }
        if ($ratio['Target']) { $targets[$name] = $ratio.Target }
    }
    # What the compared processes spent per request (scenarios measured in turns): the other side of
    # the same comparisons, in CPU time rather than throughput.
    $cpuRatios = [ordered]@{}
    foreach ($pair in @(@('S1d', 'S1o'), @('W1d', 'W1o'), @('S1t', 'S1o'), @('W1t', 'W1o'), @('R1', 'W1r'), @('R1n', 'W1rn'))) {
        $of = $byName[$pair[0]]; $over = $byName[$pair[1]]
        $cpuRatios["$($pair[0])_over_$($pair[1])".ToLowerInvariant()] = if ($of -and $over -and $over.PSObject.Properties['cpu_us_per_request'] -and $over.cpu_us_per_request -gt 0) { [math]::Round($of.cpu_us_per_request / $over.cpu_us_per_request, 2) } else { 0 }
    }
    $report = [ordered]@{
        when = [DateTimeOffset]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
        quick = [bool]$Quick
        machine = [ordered]@{ cores = [Environment]::ProcessorCount; memory_gib = [math]::Round((Get-Content /proc/meminfo -TotalCount 1).Split(' ', [StringSplitOptions]::RemoveEmptyEntries)[1] / 1MB, 1); os = [Runtime.InteropServices.RuntimeInformation]::OSDescription; dotnet = [Environment]::Version.ToString() }
        settings = [ordered]@{ seconds = $seconds; warmup_seconds = $warmup; connections = $connections; threads = 2 }
        scenarios = $results
        pgbench = $pg
        x1 = $x1
        s7s = if ($s7s) { [ordered]@{ turns_per_second = $s7s.requests_per_second; turns_per_second_from_latency = $s7s.turns_per_second_from_latency; mean_ms = $s7s.mean_ms; p50_ms = $s7s.p50_ms; p99_ms = $s7s.p99_ms; errors = $s7s.non_2xx_3xx + $s7s.socket_errors; pool_max_busy = $s7s.pool_max_busy; pool_max_size = $s7s.pool_max_size; pool_max_waiting = $s7s.pool_max_waiting; pool_samples = $s7s.pool_samples; pool_samples_exhausted = $s7s.pool_samples_exhausted; pool_timeouts = $s7s.pool_timeouts } } else { $null }
        cache_after_cached_run = $cacheStats.cache
        s11_first_event = $firstEvent
        ratios = $ratios
        cpu_per_request_ratios = $cpuRatios
    }

    $out = Join-Path $Root 'bench/results'
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    $name = if ($Quick) { 'quick' } elseif ($only.Count -gt 0) { 'partial' } else { 'latest' }
    $report | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $out "$name.json")
    $md = @("# Benchmark $($report.when)$(if ($Quick) { ' (quick)' })", '',
        "$($report.machine.cores) cores, $($report.machine.memory_gib) GiB, $($report.machine.os), .NET $($report.machine.dotnet); wrk -t2 -c$connections, $seconds s per scenario after $warmup s of warm-up; API, wrk and PostgreSQL on the same machine.", '',
        '| scenario | what | req/s | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors | bytes/req |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|')
    $md += $results | ForEach-Object { "| $($_.scenario) | $($_.description) | $($_.requests_per_second) | $($_.p50_ms) | $($_.p90_ms) | $($_.p99_ms) | $($_.non_2xx_3xx) | $($_.socket_errors) | $($_.allocated_bytes_per_request) |" }
    $md += @('', "pgbench, first-page query prepared, $($pg.clients) clients: $($pg.queries_per_second) queries/s ($($pg.latency_average_ms) ms average).", '',
        "Ratios (same run): S2/S1 = $($ratios.s2_over_s1), S3/S1 = $($ratios.s3_over_s1), S5/S1 = $($ratios.s5_over_s1), S1/pgbench = $($ratios.s1_over_pgbench); the caches: S1/S1n = $($ratios.s1_over_s1n), S5/S5n = $($ratios.s5_over_s5n); without them, S2n/S1n = $($ratios.s2n_over_s1n), S3n/S1n = $($ratios.s3n_over_s1n), S5n/S1n = $($ratios.s5n_over_s1n); compression: S10/S9 = $($ratios.s10_over_s9).", '',
        "Observability (same run; d, o and t are fresh instances measured in turns): metrics on against off S1d/S1o = $($ratios.s1d_over_s1o), W1d/W1o = $($ratios.w1d_over_w1o); the main instance S1/S1o = $($ratios.s1_over_s1o), W1/W1o = $($ratios.w1_over_w1o); metrics and tracing S1t/S1o = $($ratios.s1t_over_s1o), W1t/W1o = $($ratios.w1t_over_w1o). CPU per request, the same pairs: S1d/S1o = $($cpuRatios.s1d_over_s1o), W1d/W1o = $($cpuRatios.w1d_over_w1o), S1t/S1o = $($cpuRatios.s1t_over_s1o), W1t/W1o = $($cpuRatios.w1t_over_w1o).", '',
        "The working set against the floor (same run): W1n/F1 = $($ratios.w1n_over_f1), W1/F1 = $($ratios.w1_over_f1), S1/F1 = $($ratios.s1_over_f1), S5/F1 = $($ratios.s5_over_f1).", '',
        "Streamed turns (same run): S11/S7 = $($ratios.s11_over_s7) (target $($targets.s11_over_s7)); time to first event $(if ($firstEvent) { "p50 $($firstEvent.p50_ms) ms, p99 $($firstEvent.p99_ms) ms over $($firstEvent.turns) sequential turns" } else { 'not measured' }).", '',
        "X1, read-your-writes across two instances: $($x1.violations) violations in $($x1.trials) write-then-read trials, the reading instance under W1 load.", '',
        $(if ($byName.ContainsKey('R1') -or $byName.ContainsKey('R1n')) { "Replica reads (same run): R1/W1r = $($ratios.r1_over_w1r), R1n/W1rn = $($ratios.r1n_over_w1rn) (each measured in turns with its reference, W1 on one fresh instance; CPU per request of the balancer and both instances against the reference's: R1/W1r = $($cpuRatios.r1_over_w1r), R1n/W1rn = $($cpuRatios.r1n_over_w1rn)); against the main instance's W1, R1/W1 = $($ratios.r1_over_w1), R1n/W1n = $($ratios.r1n_over_w1n); share of database reads served by the standby: R1 $(if ($byName.ContainsKey('R1')) { $byName['R1'].standby_share_of_database_reads } else { '-' }), R1n $(if ($byName.ContainsKey('R1n')) { $byName['R1n'].standby_share_of_database_reads } else { '-' })." } else { 'Replica reads (R1): not run.' }), '',
        $(if ($s7s) { "S7s, chat turns against a 2 s model, 200 connections over 200 users: $($s7s.requests_per_second) turns/s ($($s7s.turns_per_second_from_latency) from the mean latency of $($s7s.mean_ms) ms), p50 $($s7s.p50_ms) ms, p99 $($s7s.p99_ms) ms, $($s7s.non_2xx_3xx + $s7s.socket_errors) errors; max pool connections in use $($s7s.pool_max_busy) of $($s7s.pool_max_size), at most $($s7s.pool_max_waiting) requests waiting for a connection, the pool exhausted in $($s7s.pool_samples_exhausted) of $($s7s.pool_samples) samples (every 250 ms); pool timeouts: $(if ($s7s.pool_timeouts -lt 0) { 'not reported' } else { $s7s.pool_timeouts })." } else { 'S7s, chat turns against a 2 s model: not run.' }), '',
        "The cached instance's caches after its scenarios (from /health): $($cacheStats.cache | ConvertTo-Json -Compress -Depth 4)")
    $md | Set-Content (Join-Path $out "$name.md")
    Write-Host ''
    $md | ForEach-Object { Write-Host $_ }

    if ($x1.violations -gt 0) {
        Stop-WithError "X1: $($x1.violations) of $($x1.trials) reads through the second instance missed the client's own write."
    }
    $failed = @($results | Where-Object { $_.non_2xx_3xx -gt 0 -or $_.socket_errors -gt 0 -or $_.requests -eq 0 })
    if ($failed.Count -gt 0) {
        Stop-WithError "the API answered with errors in $(($failed | ForEach-Object scenario) -join ', '): these numbers do not count."
    }
}

# The scenarios for build.ps1's help, from bench/scenarios.psd1.
function Get-BenchScenarioHelp {
    $table = Import-PowerShellDataFile $ScenarioTable
    $lines = @("Bench scenarios (bench/scenarios.psd1), in the order they run; 'bench -Scenario' takes their names:")
    foreach ($s in $table.Scenarios) {
        $notes = @(
            if ($s['Base']) { "runs only with $($s.Base)" }
            if ($s['Target']) { "target: $($s.Target)" }
        )
        $lines += "  {0,-8} {1}{2}" -f $s.Name, $s.Description, $(if ($notes) { " [$($notes -join '; ')]" } else { '' })
    }
    return $lines -join "`n"
}

Export-ModuleMember -Function Invoke-Bench, Get-BenchScenarioHelp
