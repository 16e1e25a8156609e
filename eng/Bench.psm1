# The benchmark behind 'build.ps1 bench'. It measures; it never asserts a speed. It fails loudly when
# the API answered with errors.

Import-Module ('Common', 'Postgres', 'Tokens', 'Bootstrap' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
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

# Starts 'dotnet <Arguments>' with its output in $Log, and waits until $ReadyUrl answers below 500
# (a 401 of an endpoint that needs a token counts: the process serves).
function Start-BenchProcess([string[]] $Arguments, [hashtable] $Environment, [string] $Log, [string] $ReadyUrl, [string] $What, [int] $Seconds = 60) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($arg in $Arguments) { $psi.ArgumentList.Add($arg) }
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = $Environment[$key] }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    Save-ProcessOutput $process $Log
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($process.HasExited) { Stop-WithError "$What exited while starting (exit code $($process.ExitCode)); see $Log." }
        try {
            $r = Invoke-WebRequest -Uri $ReadyUrl -TimeoutSec 2 -SkipHttpErrorCheck
            if ($r.StatusCode -lt 500) { return $process }
        }
        catch { }
        Start-Sleep -Milliseconds 200
    }
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

# One wrk scenario: a Lua script with the request shape and a done() that prints a JSON summary.
function Invoke-Wrk {
    param([string] $Name, [string] $Description, [string] $Lua, [int] $Port, [int] $Seconds, [int] $Warmup, [int] $Connections, [string] $WorkDir, [switch] $NoAllocations, [string] $Timeout = '5s')
    $script = Join-Path $WorkDir "$Name.lua"
    $done = @'

done = function(summary, latency, requests)
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"mean_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
'@
    Set-Content -Path $script -Value ($Lua + $done)
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
    param([pscustomobject] $Cluster, [string] $Dll, [string] $Token, [string] $ReadLua, [int] $Trials, [int] $Connections, [string] $WorkDir)
    $portA = Get-FreePort
    $a = Start-BenchApi $Cluster $Dll $portA (Join-Path $WorkDir 'x1-a.log')
    $portB = Get-FreePort
    $b = $null; $load = $null
    $client = [System.Net.Http.HttpClient]::new()
    $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Token)
    try {
        $b = Start-BenchApi $Cluster $Dll $portB (Join-Path $WorkDir 'x1-b.log')
        Write-Step "X1: $Trials chat turns through instance A (:$portA), each read back at once through instance B (:$portB) under W1 load"
        $loadScript = Join-Path $WorkDir 'x1-load.lua'
        Set-Content -Path $loadScript -Value $ReadLua
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
# calls). A turn holds no database connection while the model thinks, so the pool (30) must not run out
# although 200 turns are in flight; the ceiling is 200 connections / 2 s = 100 turns/s.
function Invoke-SlowModelTurns {
    param([pscustomobject] $Cluster, [string] $Dll, [string] $ModelDll, [string[]] $Tokens, [int] $Seconds, [int] $Warmup, [int] $Connections, [int] $DelayMs, [string] $WorkDir)
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
        # wrk's threads (-t2 in Invoke-Wrk) take alternate users, and each cycles through its own 100:
        # with every turn as long as the next, a user has about one turn in flight at a time.
        # The connections' first turns are spread evenly over one model delay (wrk's delay() before
        # each connection's first request): started together, 200 turns would reach the database in
        # the same instant every 2 s, and up to ~150 of them waited for a pooled connection; spread,
        # the load is the steady one of 200 users who do not type in step. Latency excludes the delay.
        $lua = "local tokens = {" + (($Tokens | ForEach-Object { ConvertTo-LuaString $_ }) -join ',') + "}`nlocal spread_ms = $([math]::Floor($DelayMs / $Connections))`nlocal per_thread = $([math]::Ceiling($Connections / 2))`n" + @'
local threads = 0
setup = function(thread)
  thread:set('slot', threads)
  threads = threads + 1
end
local body = '{"conversation_id":null,"message":"hello there"}'
local firsts = 0
delay = function()
  if firsts >= per_thread then return 0 end
  firsts = firsts + 1
  return ((firsts - 1) * 2 + (slot or 0)) * spread_ms
end
local n = -1
request = function()
  n = n + 1
  local user = ((n * 2 + (slot or 0)) % #tokens) + 1
  local headers = { ['Authorization'] = 'Bearer ' .. tokens[user], ['Content-Type'] = 'application/json' }
  return wrk.format('POST', '/api/bench-s7s-' .. user .. '/chat', headers, body)
end
'@
        $description = "POST /chat against a model that answers in $([math]::Round($DelayMs / 1000, 1)) s (bench/SlowModel), $Connections connections over $($Tokens.Count) users"
        Write-Step "S7s: $description"
        # Warm-up: at least one answer per connection (the model alone takes $DelayMs).
        $null = Invoke-Wrk -Name 'warm-S7s' -Description '' -Lua $lua -Port $port -Seconds $Warmup -Warmup 0 -Connections $Connections -WorkDir $WorkDir -Timeout '10s'
        # wrk leaves 200 turns unanswered when it stops; the API cancels and logs them before the run.
        Start-Sleep -Seconds 1
        $sampler = Start-PoolSampler $port
        $r = Invoke-Wrk -Name 'S7s' -Description $description -Lua $lua -Port $port -Seconds $Seconds -Warmup 0 -Connections $Connections -WorkDir $WorkDir -Timeout '10s'
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

# R1 (and R1n, without the caches): W1's workload through the load balancer (tools/LoadBalancer) over
# two instances whose history reads go to a streaming standby of the bench database (made once with
# pg_basebackup, kept beside it). The instances count where their reads went (/health's replica_reads):
# on the standby, or on the primary because the standby lagged or failed. On two cores the point is
# correctness at a bounded cost, not more throughput: the balancer and a second process share the cores.
function Invoke-ReplicaReads {
    param([pscustomobject] $Cluster, [string] $Dll, [string] $BalancerDll, [string] $Lua, [int] $Seconds, [int] $Warmup, [int] $Connections, [string] $WorkDir, [string[]] $Names)
    $standby = Start-Standby $Cluster (Get-ClusterDir 'bench-standby')
    $variants = @(
        @{ Name = 'R1'; Settings = @{}; What = 'W1 through the load balancer, 2 instances, history reads on the standby' },
        @{ Name = 'R1n'; Settings = @{ 'Cache__HistoryPagesMegabytes' = '0' }; What = 'R1 with the caches off: every page read from the standby (or the primary)' }
    ) | Where-Object { $_.Name -in $Names }
    $results = @()
    try {
        Wait-StandbyCaughtUp $Cluster $standby

        foreach ($variant in $variants) {
            $apis = @(); $balancer = $null
            try {
                $backends = @()
                foreach ($i in 1..2) {
                    $port = Get-FreePort
                    $settings = @{ 'ConnectionStrings__TodoChatReplicas' = $standby.ConnectionString } + $variant.Settings
                    $apis += Start-BenchApi $Cluster $Dll $port (Join-Path $WorkDir "$($variant.Name)-api$i.log") $settings
                    $backends += "http://127.0.0.1:$port"
                }

                $front = Get-FreePort
                $balancer = Start-BenchProcess @($BalancerDll, '--urls', "http://127.0.0.1:$front", '--backends', ($backends -join ',')) @{} (Join-Path $WorkDir "$($variant.Name)-balancer.log") "http://127.0.0.1:$front/health/ready" "$($variant.Name)'s load balancer" 30

                foreach ($round in 1..2) {
                    $null = Invoke-Wrk -Name "warm-$($variant.Name)" -Description '' -Lua $Lua -Port $front -Seconds $Warmup -Warmup 0 -Connections $Connections -WorkDir $WorkDir -NoAllocations
                }

                $count = {
                    $sum = [ordered]@{ served = 0L; lagging = 0L; failed = 0L; cache_hits = 0L; cache_misses = 0L }
                    foreach ($b in $backends) {
                        $h = Invoke-RestMethod -Uri "$b/health"
                        $sum.served += $h.database.replica_reads.served; $sum.lagging += $h.database.replica_reads.lagging; $sum.failed += $h.database.replica_reads.failed
                        $sum.cache_hits += $h.cache.history.hits; $sum.cache_misses += $h.cache.history.misses
                    }
                    $sum
                }
                $before = & $count
                Write-Step "$($variant.Name): $($variant.What)"
                $r = Invoke-Wrk -Name $variant.Name -Description $variant.What -Lua $Lua -Port $front -Seconds $Seconds -Warmup 0 -Connections $Connections -WorkDir $WorkDir -NoAllocations
                $after = & $count
                $served = $after.served - $before.served; $lagging = $after.lagging - $before.lagging; $failed = $after.failed - $before.failed
                $databaseReads = $served + $lagging + $failed
                $r | Add-Member -NotePropertyMembers ([ordered]@{
                    standby_reads = $served
                    primary_reads_standby_behind = $lagging
                    primary_reads_standby_down = $failed
                    standby_share_of_database_reads = if ($databaseReads -gt 0) { [math]::Round($served / $databaseReads, 4) } else { 0 }
                    cache_hits = $after.cache_hits - $before.cache_hits
                })
                Write-Host ("    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}; database reads: {5} on the standby, {6} on the primary (standby behind), {7} (standby down); {8} cache hits" -f $r.requests_per_second, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors, $served, $lagging, $failed, $r.cache_hits)
                $results += $r
            }
            finally {
                foreach ($p in @($balancer) + $apis) { Stop-ProcessTree $p }
            }
        }
    }
    finally { Stop-Cluster -Dir $standby.Dir }
    return $results
}

# 'bench [-Quick] [-Scenario S1,W1]'.
function Invoke-Bench([switch] $Quick, [string[]] $Scenario = @()) {
    $only = @($Scenario | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $wanted = { param([string] $Name) $only.Count -eq 0 -or $Name -in $only }
    $seconds = if ($Quick) { 3 } else { 15 }
    $warmup = if ($Quick) { 1 } else { 5 }
    $connections = if ($Quick) { 20 } else { 100 }

    Install-Wrk
    Write-Step 'Building (Release)'
    foreach ($project in @('src/WebApi/WebApi.csproj', 'bench/Floor/Floor.csproj', 'bench/SlowModel/SlowModel.csproj', 'tools/LoadBalancer/LoadBalancer.csproj')) {
        Invoke-DotnetBuild (Join-Path $Root $project) 'Release'
    }
    $balancerDll = Join-Path $Root 'tools/LoadBalancer/bin/Release/net10.0/TodoChat.LoadBalancer.dll'
    $dll = Join-Path $Root 'src/WebApi/bin/Release/net10.0/TodoChat.WebApi.dll'
    $floorDll = Join-Path $Root 'bench/Floor/bin/Release/net10.0/TodoChat.Bench.Floor.dll'
    $slowModelDll = Join-Path $Root 'bench/SlowModel/bin/Release/net10.0/TodoChat.Bench.SlowModel.dll'

    $cluster = Start-Cluster -Dir (Get-ClusterDir 'bench')
    $work = Join-Path ([IO.Path]::GetTempPath()) "todochat-bench-$PID"
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    $api = $null
    try {
        Initialize-BenchData $cluster $dll
        $big = (Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 100000 LIMIT 1").Trim()
        $tenK = (Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 10000 LIMIT 1").Trim()
        $small = @(Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$BenchUser' AND message_count = 20 ORDER BY id" | ForEach-Object { $_.Trim() })
        $workingSet = @(Invoke-Psql $cluster "SELECT id FROM conversations WHERE user_id = '$WorkingSetUser' AND message_count = 100 ORDER BY id" | ForEach-Object { $_.Trim() })
        Invoke-Psql $cluster "DELETE FROM conversations WHERE user_id LIKE 'bench-chat-%' OR user_id LIKE 'bench-s7s-%' OR user_id = 'bench-x1'; DELETE FROM tasks WHERE user_id LIKE 'bench-chat-%' OR user_id LIKE 'bench-s7s-%' OR user_id = 'bench-x1'" | Out-Null

        $port = Get-FreePort
        Write-Step "Starting the API (Release, Production, logging at Warning) on 127.0.0.1:$port"
        $api = Start-BenchApi $cluster $dll $port (Join-Path $work 'api.log')

        $env:Auth__JwtSecret = $BenchSecret
        $token = New-Jwt $BenchUser 2
        $chatUsers = 1..50 | ForEach-Object { "bench-chat-$_" }
        $chatTokens = New-Jwts $chatUsers 2
        $workingSetToken = New-Jwt $WorkingSetUser 2
        $x1Token = New-Jwt 'bench-x1' 2
        $slowTokens = if (& $wanted 'S7s') { New-Jwts @(1..200 | ForEach-Object { "bench-s7s-$_" }) 2 } else { @() }
        Remove-Item Env:Auth__JwtSecret

        $auth = "wrk.headers['Authorization'] = 'Bearer $token'`n"
        $history = "/api/$BenchUser/conversations"
        $s1 = "$history/$tenK/messages?limit=50"
        $first = Invoke-WebRequest -Uri "http://127.0.0.1:$port$s1" -Headers @{ Authorization = "Bearer $token" }
        $etag = "$($first.Headers['ETag'])"

        # Deep cursors into the 100,000-message conversation, issued by the API itself.
        Write-Step 'Collecting deep cursors'
        $random = [Random]::new(42)
        $cursors = foreach ($i in 1..$(if ($Quick) { 50 } else { 500 })) {
            $offset = $random.Next(50000, 99800)
            (Invoke-RestMethod -Uri "http://127.0.0.1:$port$history/$big/messages?limit=50&offset=$offset" -Headers @{ Authorization = "Bearer $token" }).next_cursor
        }

        # W1, the working set, served the same way by the API and by the floor (F1).
        $w1Lua = "wrk.headers['Authorization'] = 'Bearer $workingSetToken'`nlocal ids = {" + (($workingSet | ForEach-Object { ConvertTo-LuaString $_ }) -join ',') + "}`n" + @"
request = function()
  return wrk.format(nil, '/api/$WorkingSetUser/conversations/' .. ids[math.random(#ids)] .. '/messages?limit=50')
end
"@

        $scenarios = @(
            @{ Name = 'S1'; Description = 'first page (limit=50) of the 10,000-message conversation'; Lua = $auth + "wrk.path = '$s1'" },
            @{ Name = 'S2'; Description = 'random offsets within the last 10% of the 100,000-message conversation'; Lua = $auth + @"
request = function()
  return wrk.format(nil, '$history/$big/messages?limit=50&offset=' .. math.random(90000, 99950))
end
"@ },
            @{ Name = 'S3'; Description = 'random deep cursor pages of the 100,000-message conversation'; Lua = $auth + "local cursors = {" + (($cursors | ForEach-Object { ConvertTo-LuaString $_ }) -join ',') + "}`n" + @"
request = function()
  return wrk.format(nil, '$history/$big/messages?limit=50&cursor=' .. cursors[math.random(#cursors)])
end
"@ },
            @{ Name = 'S4'; Description = 'order=desc newest page of the 100,000-message conversation'; Lua = $auth + "wrk.path = '$history/$big/messages?limit=50&order=desc'" },
            @{ Name = 'S5'; Description = 'If-None-Match revalidation of S1 (304)'; Lua = $auth + "wrk.path = '$s1'`nwrk.headers['If-None-Match'] = $(ConvertTo-LuaString $etag)" },
            @{ Name = 'S6'; Description = 'a 20-message conversation (random among 100)'; Lua = $auth + "local ids = {" + (($small | ForEach-Object { ConvertTo-LuaString $_ }) -join ',') + "}`n" + @"
request = function()
  return wrk.format(nil, '$history/' .. ids[math.random(#ids)] .. '/messages')
end
"@ },
            @{ Name = 'S7'; Description = 'POST /chat with the builtin agent (add a task / list my tasks), 50 users'; Lua = "local tokens = {" + (($chatTokens | ForEach-Object { ConvertTo-LuaString $_ }) -join ',') + "}`n" + @"
local bodies = { '{"conversation_id":null,"message":"add a task to water the plants"}', '{"conversation_id":null,"message":"list my tasks"}' }
local n = 0
request = function()
  n = n + 1
  local user = (n % #tokens) + 1
  local headers = { ['Authorization'] = 'Bearer ' .. tokens[user], ['Content-Type'] = 'application/json' }
  return wrk.format('POST', '/api/bench-chat-' .. user .. '/chat', headers, bodies[(n % 2) + 1])
end
"@ },
            @{ Name = 'S8'; Description = 'the conversation list (limit=20)'; Lua = $auth + "wrk.path = '$history'" },
            @{ Name = 'S9'; Description = 'a 1,000-message page of the 10,000-message conversation, plain'; Lua = $auth + "wrk.path = '$history/$tenK/messages?limit=1000&offset=5000'" },
            @{ Name = 'S10'; Description = 'S9 with Accept-Encoding: br (what compression costs the server)'; Lua = $auth + "wrk.path = '$history/$tenK/messages?limit=1000&offset=5000'`nwrk.headers['Accept-Encoding'] = 'br'" },
            @{ Name = 'W1'; Description = 'first page (limit=50) of a random one of 2,000 conversations of 100 messages'; Lua = $w1Lua }
        )

        # S11: S7's turns streamed (Accept: text/event-stream): the same users, messages and agent.
        $scenarios += @{ Name = 'S11'; Description = 'S7 streamed: POST /chat with Accept: text/event-stream (Server-Sent Events), 50 users'; Lua = (($scenarios | Where-Object { $_.Name -eq 'S7' }).Lua).Replace("['Content-Type'] = 'application/json' }", "['Content-Type'] = 'application/json', ['Accept'] = 'text/event-stream' }") }

        $scenarios = @($scenarios | Where-Object { & $wanted $_.Name })

        # Warm every code path first: on two busy cores the JIT's background tier-up is slow, and the
        # first scenario would otherwise pay for everyone's warm-up.
        # Under load the tier-up takes tens of seconds here, so every path gets two rounds.
        Write-Step 'Warming up every scenario'
        foreach ($round in 1..2) {
            foreach ($s in $scenarios) {
                $null = Invoke-Wrk -Name "warm-$($s.Name)" -Description '' -Lua $s.Lua -Port $port -Seconds $warmup -Warmup 0 -Connections $connections -WorkDir $work
            }
        }

        $results = foreach ($s in $scenarios) {
            Write-Step "$($s.Name): $($s.Description)"
            $r = Invoke-Wrk -Name $s.Name -Description $s.Description -Lua $s.Lua -Port $port -Seconds $seconds -Warmup $warmup -Connections $connections -WorkDir $work
            Write-Host ("    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}  {5:N0} B/req" -f $r.requests_per_second, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors, $r.allocated_bytes_per_request)
            $r
        }

        # S11's time to first event, which wrk (whole responses) cannot see: sequential streamed turns
        # timed from the request to the first event's bytes, on the same warm instance.
        $firstEvent = if (& $wanted 'S11') { Measure-FirstEvent -Port $port -Tokens $chatTokens -Count $(if ($Quick) { 100 } else { 500 }) } else { $null }
        if ($firstEvent) { Write-Host ("    S11 time to first event over {0} turns: p50 {1} ms, p99 {2} ms" -f $firstEvent.turns, $firstEvent.p50_ms, $firstEvent.p99_ms) }

        $cacheStats = Invoke-RestMethod -Uri "http://127.0.0.1:$port/health"
        Stop-ProcessTree $api
        $api = $null

        # F1, the floor: W1's workload served by a plain minimal API with raw Npgsql (bench/Floor), on the
        # same database with the same pool settings.
        if (& $wanted 'F1') {
        Write-Step 'F1: W1 served by the floor (bench/Floor: minimal API, JwtBearer, raw Npgsql, two statements)'
        $floorPool = 'Minimum Pool Size=10;Maximum Pool Size=30;Max Auto Prepare=100'
        $api = Start-BenchApi $cluster $floorDll $port (Join-Path $work 'floor.log') @{ 'ConnectionStrings__TodoChat' = "$($cluster.ConnectionString);$floorPool" } -ReadyPath "/api/$WorkingSetUser/conversations/$($workingSet[0])/messages"
        foreach ($round in 1..2) {
            $null = Invoke-Wrk -Name 'warm-F1' -Description '' -Lua $w1Lua -Port $port -Seconds $warmup -Warmup 0 -Connections $connections -WorkDir $work -NoAllocations
        }
        $r = Invoke-Wrk -Name 'F1' -Description 'the floor: W1 on a minimal API with raw Npgsql (bench/Floor)' -Lua $w1Lua -Port $port -Seconds $seconds -Warmup $warmup -Connections $connections -WorkDir $work -NoAllocations
        Write-Host ("    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}" -f $r.requests_per_second, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors)
        $results = @($results) + $r
        Stop-ProcessTree $api
        $api = $null
        }

        # What the caches buy, and what a page and a revalidation cost without them: S1, S2, S3, S5 and W1
        # again on an instance with its caches off.
        $api = Start-BenchApi $cluster $dll $port (Join-Path $work 'api-nocache.log') @{ 'Cache__HistoryPagesMegabytes' = '0'; 'Cache__ConversationStates' = '0' }
        $uncached = @($scenarios | Where-Object { $_.Name -in @('S1', 'S2', 'S3', 'S5', 'W1') -and (& $wanted "$($_.Name)n") })
        foreach ($round in 1..3) {
            foreach ($s in $uncached) {
                $null = Invoke-Wrk -Name "warm-$($s.Name)n" -Description '' -Lua $s.Lua -Port $port -Seconds $warmup -Warmup 0 -Connections $connections -WorkDir $work
            }
        }

        foreach ($s in $uncached) {
            Write-Step "$($s.Name)n: $($s.Name) on an instance without the caches"
            $r = Invoke-Wrk -Name "$($s.Name)n" -Description "$($s.Name) with both caches off (every request reads the database)" -Lua $s.Lua -Port $port -Seconds $seconds -Warmup $warmup -Connections $connections -WorkDir $work
            Write-Host ("    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}  {5:N0} B/req" -f $r.requests_per_second, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors, $r.allocated_bytes_per_request)
            $results = @($results) + $r
        }

        Stop-ProcessTree $api
        $api = $null

        # What observability costs: S1 and W1 again with telemetry off (o) and with tracing forced on
        # at the default sampler, besides the metrics (t). The main instance runs the defaults: metrics
        # on (Prometheus), traces off without a collector. Spans are made and dropped: no exporter.
        # 'd' is the defaults again on a fresh instance: the main instance has run every other scenario
        # (chat turns included) by then, so only a fresh one compares fairly with the fresh 'o' and 't'.
        $telemetryVariants = @(
            @{ Suffix = 'd'; Settings = @{}; What = 'with the defaults (metrics on, no tracing) on a fresh instance, beside o and t' },
            @{ Suffix = 'o'; Settings = @{ 'Telemetry__Enabled' = 'false' }; What = 'with telemetry off (no OpenTelemetry listener)' },
            @{ Suffix = 't'; Settings = @{ 'Telemetry__Tracing' = 'true' }; What = 'with metrics and tracing on (default sampler, every request traced)' }
        )
        foreach ($variant in $telemetryVariants) {
            $observed = @($scenarios | Where-Object { $_.Name -in @('S1', 'W1') -and (& $wanted "$($_.Name)$($variant.Suffix)") })
            if ($observed.Count -eq 0) { continue }
            $api = Start-BenchApi $cluster $dll $port (Join-Path $work "api-telemetry-$($variant.Suffix).log") $variant.Settings
            foreach ($round in 1..2) {
                foreach ($s in $observed) {
                    $null = Invoke-Wrk -Name "warm-$($s.Name)$($variant.Suffix)" -Description '' -Lua $s.Lua -Port $port -Seconds $warmup -Warmup 0 -Connections $connections -WorkDir $work
                }
            }

            foreach ($s in $observed) {
                $name = "$($s.Name)$($variant.Suffix)"
                Write-Step "${name}: $($s.Name) $($variant.What)"
                $r = Invoke-Wrk -Name $name -Description "$($s.Name) $($variant.What)" -Lua $s.Lua -Port $port -Seconds $seconds -Warmup $warmup -Connections $connections -WorkDir $work
                Write-Host ("    {0,9:N1} req/s  p50 {1} ms  p99 {2} ms  errors {3}/{4}  {5:N0} B/req" -f $r.requests_per_second, $r.p50_ms, $r.p99_ms, $r.non_2xx_3xx, $r.socket_errors, $r.allocated_bytes_per_request)
                $results = @($results) + $r
            }

            Stop-ProcessTree $api
            $api = $null
        }

        # S7s: chat turns against a model that takes 2 s, on an instance of its own. The same 200
        # connections in quick mode (what is measured is turns in flight). The warm-up lasts at least
        # 5 s, so that a first round of turns ends in it, cold code and all, and the run at least 6 s:
        # in quick mode's 3 s, a busy machine finished no turn at all (each took over 3 s), and a run
        # without a single answer fails the bench.
        # Twice the other scenarios' time in a full run (30 s): wrk's count loses about one turn per
        # connection to the spread starts and the turns cut at the end, a smaller share of a longer run.
        $s7s = $null
        if (& $wanted 'S7s') {
            $s7s = Invoke-SlowModelTurns -Cluster $cluster -Dll $dll -ModelDll $slowModelDll -Tokens $slowTokens -Seconds ([math]::Max(2 * $seconds, 6)) -Warmup ([math]::Max($warmup, 5)) -Connections 200 -DelayMs 2000 -WorkDir $work
            $results = @($results) + $s7s
        }

        $replicaNames = @('R1', 'R1n' | Where-Object { & $wanted $_ })
        if ($replicaNames.Count -gt 0) {
            $results = @($results) + @(Invoke-ReplicaReads -Cluster $cluster -Dll $dll -BalancerDll $balancerDll -Lua $w1Lua -Seconds $seconds -Warmup $warmup -Connections $connections -WorkDir $work -Names $replicaNames)
        }

        $x1 = if (& $wanted 'X1') { Invoke-ReadYourWrites -Cluster $cluster -Dll $dll -Token $x1Token -ReadLua $w1Lua -Trials $(if ($Quick) { 100 } else { 1000 }) -Connections $connections -WorkDir $work } else { [pscustomobject]@{ trials = 0; violations = 0 } }

        $pg = [pscustomobject]@{ queries_per_second = 0; latency_average_ms = 0; clients = 0 }
        if (& $wanted 'pgbench') {
        Write-Step 'pgbench: the first-page query, prepared (the database''s own ceiling)'
        $pg = Invoke-PgBench $cluster $tenK $seconds ([math]::Min($connections, 32)) $work
        Write-Host ("    {0:N1} queries/s, {1} ms average, {2} clients" -f $pg.queries_per_second, $pg.latency_average_ms, $pg.clients)
        }
    }
    finally {
        Stop-ProcessTree $api
        Stop-Cluster -Dir $cluster.Dir
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    $byName = @{}
    $results | ForEach-Object { $byName[$_.scenario] = $_ }
    $ratio = { param($a, $b) if ($byName.ContainsKey($a) -and $byName.ContainsKey($b) -and $byName[$b].requests_per_second -gt 0) { [math]::Round($byName[$a].requests_per_second / $byName[$b].requests_per_second, 2) } else { 0 } }
    $ratios = [ordered]@{
        's2_over_s1' = & $ratio 'S2' 'S1'
        's3_over_s1' = & $ratio 'S3' 'S1'
        's5_over_s1' = & $ratio 'S5' 'S1'
        's1_over_s1n' = & $ratio 'S1' 'S1n'
        's1_over_s1o' = & $ratio 'S1' 'S1o'
        'w1_over_w1o' = & $ratio 'W1' 'W1o'
        's1d_over_s1o' = & $ratio 'S1d' 'S1o'
        'w1d_over_w1o' = & $ratio 'W1d' 'W1o'
        's1t_over_s1o' = & $ratio 'S1t' 'S1o'
        'w1t_over_w1o' = & $ratio 'W1t' 'W1o'
        's5_over_s5n' = & $ratio 'S5' 'S5n'
        's2n_over_s1n' = & $ratio 'S2n' 'S1n'
        's3n_over_s1n' = & $ratio 'S3n' 'S1n'
        's5n_over_s1n' = & $ratio 'S5n' 'S1n'
        's10_over_s9' = & $ratio 'S10' 'S9'
        'w1n_over_f1' = & $ratio 'W1n' 'F1'
        'w1_over_f1' = & $ratio 'W1' 'F1'
        's1_over_f1' = & $ratio 'S1' 'F1'
        's5_over_f1' = & $ratio 'S5' 'F1'
        'r1_over_w1' = & $ratio 'R1' 'W1'
        'r1n_over_w1n' = & $ratio 'R1n' 'W1n'
        's11_over_s7' = & $ratio 'S11' 'S7'
        's1_over_pgbench' = if ($pg.queries_per_second -gt 0 -and $byName.ContainsKey('S1')) { [math]::Round($byName['S1'].requests_per_second / $pg.queries_per_second, 3) } else { 0 }
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
        "Observability (same run): metrics on (fresh instances) against off S1d/S1o = $($ratios.s1d_over_s1o), W1d/W1o = $($ratios.w1d_over_w1o); the main instance S1/S1o = $($ratios.s1_over_s1o), W1/W1o = $($ratios.w1_over_w1o); metrics and tracing S1t/S1o = $($ratios.s1t_over_s1o), W1t/W1o = $($ratios.w1t_over_w1o).", '',
        "The working set against the floor (same run): W1n/F1 = $($ratios.w1n_over_f1), W1/F1 = $($ratios.w1_over_f1), S1/F1 = $($ratios.s1_over_f1), S5/F1 = $($ratios.s5_over_f1).", '',
        "Streamed turns (same run): S11/S7 = $($ratios.s11_over_s7) (target >= 0.8); time to first event $(if ($firstEvent) { "p50 $($firstEvent.p50_ms) ms, p99 $($firstEvent.p99_ms) ms over $($firstEvent.turns) sequential turns" } else { 'not measured' }).", '',
        "X1, read-your-writes across two instances: $($x1.violations) violations in $($x1.trials) write-then-read trials, the reading instance under W1 load.", '',
        $(if ($byName.ContainsKey('R1') -or $byName.ContainsKey('R1n')) { "Replica reads (same run): R1/W1 = $($ratios.r1_over_w1), R1n/W1n = $($ratios.r1n_over_w1n); share of database reads served by the standby: R1 $(if ($byName.ContainsKey('R1')) { $byName['R1'].standby_share_of_database_reads } else { '-' }), R1n $(if ($byName.ContainsKey('R1n')) { $byName['R1n'].standby_share_of_database_reads } else { '-' })." } else { 'Replica reads (R1): not run.' }), '',
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

Export-ModuleMember -Function Invoke-Bench
