# 'build.ps1 cluster up|down|status': the scaled setup on one machine.
#   - a primary and a streaming standby made from it with pg_basebackup, on private ports under .data/;
#   - -Instances API instances (2 by default), writing to the primary and reading history from the standby;
#   - a load balancer (HAProxy in TCP mode, round robin with health checks; eng/Balancer.psm1) on -Urls.
# Processes outlive the command; 'down' stops them. Their logs and ids are in .data/cluster/.
# The databases are eng/Postgres.psm1's (Start-Cluster, Start-Standby).

Import-Module ('Common', 'Postgres', 'Tokens', 'Bootstrap', 'Balancer' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$ClusterStateDir = Join-Path $Root '.data/cluster'

function Invoke-ClusterUp([int] $Instances, [string] $Urls) {
    if ($Instances -lt 1 -or $Instances -gt 16) { Stop-WithError "-Instances must be from 1 to 16, not $Instances." 2 }
    if (Test-Path (Join-Path $ClusterStateDir 'processes.json')) {
        Stop-WithError "A cluster is already up (see 'build.ps1 cluster status'); 'build.ps1 cluster down' stops it." 2
    }

    Install-Haproxy
    Write-Step 'Building the service (Release)'
    Invoke-DotnetBuild (Join-Path $Root 'src/WebApi/WebApi.csproj') 'Release'
    $api = Join-Path $Root 'src/WebApi/bin/Release/net10.0/TodoChat.WebApi.dll'

    $primary = Start-Cluster -Dir (Get-ClusterDir 'cluster-primary')
    $standby = Start-Standby $primary (Get-ClusterDir 'cluster-standby')
    New-Item -ItemType Directory -Force -Path $ClusterStateDir | Out-Null
    $secret = if ($env:Auth__JwtSecret) { $env:Auth__JwtSecret } else { Get-JwtSecret }

    $started = @()
    try {
        $backends = @()
        for ($i = 1; $i -le $Instances; $i++) {
            $port = Get-FreePort
            $environment = @{
                'ConnectionStrings__TodoChat' = $primary.ConnectionString
                'ConnectionStrings__TodoChatReplicas' = $standby.ConnectionString
                'Auth__JwtSecret' = $secret
                'ASPNETCORE_ENVIRONMENT' = 'Production'
                # The instances share this machine's cores: workstation GC, rather than a server GC per
                # instance that each sizes itself for every core (ADR-016).
                'DOTNET_gcServer' = '0'
            }
            # Only the first instance migrates; the others wait for it to be ready.
            if ($i -gt 1) { $environment['Database__MigrateOnStartup'] = 'false' }
            $log = Join-Path $ClusterStateDir "api$i.log"
            $process = Start-Process -FilePath 'dotnet' -ArgumentList @($api, '--urls', "http://127.0.0.1:$port") -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru -Environment $environment
            $started += [pscustomobject]@{ Name = "api$i"; Pid = $process.Id; Url = "http://127.0.0.1:$port" }
            Wait-Ready "http://127.0.0.1:$port/health/ready" "api$i" $log
            $backends += "http://127.0.0.1:$port"
        }

        $front = ($Urls -split ';')[0].TrimEnd('/')
        $frontUri = [Uri]$front
        if ($frontUri.Scheme -ne 'http' -or $frontUri.Host -notin @('127.0.0.1', 'localhost')) { Stop-WithError "-Urls for the cluster is an http address on this machine (http://127.0.0.1:<port>), not $front." 2 }
        $config = Join-Path $ClusterStateDir 'haproxy.cfg'
        New-BalancerConfig $config $frontUri.Port @($backends | ForEach-Object { ([Uri]$_).Authority })
        $log = Join-Path $ClusterStateDir 'balancer.log'
        $process = Start-Process -FilePath 'haproxy' -ArgumentList (Get-BalancerArguments $config) -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
        $started += [pscustomobject]@{ Name = 'balancer'; Pid = $process.Id; Url = $front }
        Wait-Ready "$front/health/ready" 'the load balancer' $log
    }
    catch {
        foreach ($p in $started) { Stop-Pid $p.Pid }
        throw
    }
    finally {
        $started | ConvertTo-Json | Set-Content (Join-Path $ClusterStateDir 'processes.json')
    }

    [pscustomobject]@{ primary = $primary.Port; standby = $standby.Port; processes = $started } | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $ClusterStateDir 'cluster.json')
    Write-Host ''
    Write-Host "TodoChat cluster: $front (load balancer) -> $($backends -join ', ')"
    Write-Host "  primary 127.0.0.1:$($primary.Port), standby 127.0.0.1:$($standby.Port) (history reads), logs in $ClusterStateDir"
    Write-Host "  a token: dotnet pwsh ./build.ps1 token <user_id>; stop it all: dotnet pwsh ./build.ps1 cluster down"
}

function Wait-Ready([string] $Url, [string] $What, [string] $Log) {
    if (Wait-HttpReady $Url 90 { param($status) $status -eq 200 }) { return }
    if (Test-Path $Log) { Get-Content $Log -Tail 20 | ForEach-Object { Write-Host $_ } }
    Stop-WithError "$What did not become ready at $Url within 90 s (its log: $Log)."
}

function Stop-Pid([int] $Id) { Stop-ProcessTree (Get-Process -Id $Id -ErrorAction SilentlyContinue) }

function Invoke-ClusterDown([switch] $Data) {
    $file = Join-Path $ClusterStateDir 'processes.json'
    if (Test-Path $file) {
        foreach ($p in @(Get-Content $file -Raw | ConvertFrom-Json)) {
            Write-Step "Stopping $($p.Name) (pid $($p.Pid))"
            Stop-Pid $p.Pid
        }
        Remove-Item $file, (Join-Path $ClusterStateDir 'cluster.json') -Force -ErrorAction SilentlyContinue
    }
    Stop-Cluster -Dir (Get-ClusterDir 'cluster-standby') -Remove:$Data
    Stop-Cluster -Dir (Get-ClusterDir 'cluster-primary') -Remove:$Data
    Write-Host "The cluster is down$(if ($Data) { ', its databases deleted' } else { '; its databases stay (-Data deletes them)' })."
}

function Invoke-ClusterStatus {
    $file = Join-Path $ClusterStateDir 'processes.json'
    if (-not (Test-Path $file)) { Write-Host "No cluster is up ('build.ps1 cluster up' starts one)."; exit 3 }
    foreach ($p in @(Get-Content $file -Raw | ConvertFrom-Json)) {
        $alive = [bool](Get-Process -Id $p.Pid -ErrorAction SilentlyContinue)
        $ready = $false
        if ($alive) {
            try { $ready = (Invoke-WebRequest -Uri "$($p.Url)/health/ready" -TimeoutSec 2 -SkipHttpErrorCheck).StatusCode -eq 200 } catch { }
        }
        Write-Host ("  {0,-9} {1,-26} pid {2,-7} {3}" -f $p.Name, $p.Url, $p.Pid, $(if ($ready) { 'ready' } elseif ($alive) { 'running, not ready' } else { 'gone' }))
    }
    $front = @(Get-Content $file -Raw | ConvertFrom-Json | Where-Object Name -eq 'balancer')[0]
    if ($front) {
        try {
            $health = Invoke-RestMethod -Uri "$($front.Url)/health" -TimeoutSec 5
            foreach ($h in $health.database.hosts) { Write-Host ("  {0,-9} {1,-26} {2}, {3}" -f $h.configured_as, $h.host, $h.role, $h.state) }
            $reads = $health.database.replica_reads
            Write-Host "  history reads of the instance that answered: $($reads.served) on the standby, $($reads.lagging) on the primary (standby behind), $($reads.failed) (standby down)"
        }
        catch { Write-Host "  /health did not answer through the load balancer: $($_.Exception.Message)" }
    }
}

# 'cluster up|down|status'. 'status' exits with 3 when no cluster is up.
function Invoke-Cluster([string] $Action, [int] $Instances, [string] $Urls, [switch] $Data) {
    switch ($Action) {
        'up' { Invoke-ClusterUp $Instances $Urls }
        'down' { Invoke-ClusterDown -Data:$Data }
        'status' { Invoke-ClusterStatus }
        default { Stop-WithError "'cluster' takes up, down or status: dotnet pwsh ./build.ps1 cluster up [-Instances 2] [-Urls http://127.0.0.1:5000]" 2 }
    }
}

Export-ModuleMember -Function Invoke-Cluster
