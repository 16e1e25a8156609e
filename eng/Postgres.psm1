# PostgreSQL for every target: finding the server (installing it when missing), private clusters under
# .data/ (initdb, start, stop), streaming standbys, and Invoke-PgClient, the one way to run psql,
# pgbench or pg_basebackup against them. Also the 'db' target, and the database 'run', 'migrate' and
# 'seed' use.
#
# Run as root, a cluster belongs to the 'postgres' OS user, because initdb refuses root.

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$DataDir = Join-Path $Root '.data'
$DbName = 'todochat'
$DbUser = 'todochat'

function Find-PgBin {
    $candidates = @()
    $pgConfig = Get-Command pg_config -ErrorAction SilentlyContinue
    if ($pgConfig) {
        $dir = (& $pgConfig.Source --bindir 2>$null)
        if ($LASTEXITCODE -eq 0 -and $dir) { $candidates += $dir.Trim() }
    }
    if (Test-Path '/usr/lib/postgresql') {
        $candidates += Get-ChildItem '/usr/lib/postgresql' -Directory |
            Sort-Object { [int]($_.Name -replace '\D', '0') } -Descending |
            ForEach-Object { Join-Path $_.FullName 'bin' }
    }
    foreach ($dir in $candidates) {
        if ((Test-Path (Join-Path $dir 'initdb')) -and (Test-Path (Join-Path $dir 'pg_ctl'))) { return $dir }
    }
    return $null
}

# The server's binaries; installed with apt-get when they are missing and can be.
function Get-PgBin {
    $bin = Find-PgBin
    if ($bin) { return $bin }
    Install-AptPackages @('postgresql') 'PostgreSQL' 'the database of the service and its tests'
    $bin = Find-PgBin
    if ($bin) { return $bin }
    Stop-WithError ('No PostgreSQL server binaries found (pg_config --bindir, /usr/lib/postgresql/*/bin), and they cannot be installed here: ' +
        'install PostgreSQL (on Debian: apt-get install postgresql) or set ConnectionStrings__TodoChat to a server of yours.')
}

# As root, PostgreSQL's tools run as the 'postgres' OS user (initdb refuses root).
function Invoke-Pg {
    param([string] $Bin, [string] $Tool, [string[]] $ArgumentList, [switch] $Quiet, [switch] $AllowFailure)
    $exe = Join-Path $Bin $Tool
    if (Test-IsRoot) {
        $file = 'runuser'
        $all = @('-u', 'postgres', '--', $exe) + $ArgumentList
    }
    else {
        $file = $exe
        $all = $ArgumentList
    }
    if ($AllowFailure) {
        & $file @all 2>&1 | Out-Null
        return $LASTEXITCODE
    }
    Invoke-Native $file $all -Quiet:$Quiet
}

function Initialize-PostgresUser {
    if (-not (Test-IsRoot)) { return }
    & id postgres 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) {
        Invoke-Native useradd @('--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres') -Quiet
    }
}

# Where a cluster lives. As root it must be reachable by the 'postgres' user; when this checkout is
# not (say, under /root), the cluster goes under /var/tmp instead, named after the checkout.
function Get-ClusterDir([string] $Name) {
    $preferred = Join-Path $DataDir $Name
    if (-not (Test-IsRoot)) { return $preferred }
    New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
    & runuser -u postgres -- test -x $DataDir 2>&1 | Out-Null
    if ($LASTEXITCODE -eq 0) { return $preferred }
    $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Root))).Substring(0, 12).ToLowerInvariant()
    return "/var/tmp/todochat-$hash/$Name"
}

# A cluster's password and port are kept beside its directory: <dir>.password, <dir>.port.
function Get-ClusterFile([string] $Dir, [string] $Extension) {
    return Join-Path (Split-Path $Dir -Parent) "$(Split-Path $Dir -Leaf).$Extension"
}

function Test-ClusterRunning([string] $Bin, [string] $Dir) {
    return (Invoke-Pg $Bin 'pg_ctl' @('status', '-D', $Dir) -AllowFailure) -eq 0
}

# Starts the server in $Dir unless it runs, on the port it had when that is still free; returns the port.
function Start-Server([string] $Bin, [string] $Dir, [string] $What) {
    $portFile = Get-ClusterFile $Dir 'port'
    $port = if (Test-Path $portFile) { [int](Get-Content $portFile -Raw) } else { 0 }
    if (Test-ClusterRunning $Bin $Dir) { return $port }
    if ($port -eq 0 -or -not (Test-PortFree $port)) { $port = Get-FreePort }
    Set-Content -Path $portFile -Value $port -NoNewline
    Write-Step "Starting $What on 127.0.0.1:$port"
    $log = Join-Path $Dir 'server.log'
    $code = Invoke-Pg $Bin 'pg_ctl' @('start', '-D', $Dir, '-w', '-t', '60', '-l', $log, '-o', "-p $port") -AllowFailure
    if ($code -ne 0) {
        if (Test-Path $log) { Get-Content $log -Tail 20 | ForEach-Object { Write-Host $_ } }
        Stop-WithError "$What did not start (pg_ctl exit code $code); its log ($log) is above."
    }
    return $port
}

# What every caller gets for a cluster or a standby: where it is, how to reach it, and how the service does.
function New-ClusterInfo([string] $Bin, [string] $Dir, [int] $Port, [string] $Password) {
    return [pscustomobject]@{
        Bin = $Bin; Dir = $Dir; Port = $Port; Password = $Password; Database = $DbName
        ConnectionString = "Host=127.0.0.1;Port=$Port;Database=$DbName;Username=$DbUser;Password=$Password"
    }
}

# Creates the cluster when needed and starts it; returns its connection details.
function Start-Cluster {
    param([string] $Dir, [switch] $Throwaway)
    $bin = Get-PgBin
    Initialize-PostgresUser
    New-Item -ItemType Directory -Force -Path (Split-Path $Dir -Parent) | Out-Null
    $passwordFile = Get-ClusterFile $Dir 'password'

    if (-not (Test-Path (Join-Path $Dir 'PG_VERSION'))) {
        Write-Step "Creating a PostgreSQL cluster in $Dir"
        New-Item -ItemType Directory -Force -Path $Dir | Out-Null
        Set-PrivateFile $passwordFile (New-Secret 24)
        if (Test-IsRoot) {
            Invoke-Native chown @('-R', 'postgres:postgres', $Dir) -Quiet
            Invoke-Native chmod @('700', $Dir) -Quiet
        }
        # initdb reads the password from a file the cluster's owner can read; it is removed right after.
        $pwFile = Join-Path ([IO.Path]::GetTempPath()) "todochat-pw-$([Guid]::NewGuid().ToString('N'))"
        Set-PrivateFile $pwFile (Get-Content $passwordFile -Raw)
        if (Test-IsRoot) { Invoke-Native chown @('postgres', $pwFile) -Quiet }
        try {
            Invoke-Pg $bin 'initdb' @('-D', $Dir, '-U', $DbUser, "--pwfile=$pwFile", '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C') -Quiet
        }
        finally { Remove-Item $pwFile -Force -ErrorAction SilentlyContinue }

        $settings = @(
            '',
            '# TodoChat: a private cluster on loopback only, no Unix socket.',
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            'max_connections = 200'
        )
        if ($Throwaway) {
            # Test data is disposable: trade durability for speed.
            $settings += @('fsync = off', 'synchronous_commit = off', 'full_page_writes = off')
        }
        $conf = Join-Path $Dir 'postgresql.conf'
        if (Test-IsRoot) {
            $settings | & runuser -u postgres -- tee -a $conf | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Could not write $conf." }
        }
        else { Add-Content -Path $conf -Value $settings }
    }

    $port = Start-Server $bin $Dir 'PostgreSQL'
    $cluster = New-ClusterInfo $bin $Dir $port (Get-Content $passwordFile -Raw)
    Initialize-Database $cluster
    return $cluster
}

# Runs a PostgreSQL client tool (psql, pgbench, pg_basebackup) against a cluster of Start-Cluster or a
# standby, as the service's user on loopback, and returns its output; throws when it fails. -AsOwner
# runs it as the cluster's owner (pg_basebackup writes a cluster directory).
# The only place that sets PGPASSWORD: for this call alone, and put back as it was afterwards, also
# when the tool fails, so that no later child process inherits the password.
function Invoke-PgClient {
    param([Parameter(Mandatory)] [pscustomobject] $Cluster, [Parameter(Mandatory)] [string] $Tool, [string[]] $ArgumentList = @(), [switch] $AsOwner)
    $arguments = @('-h', '127.0.0.1', '-p', "$($Cluster.Port)", '-U', $DbUser) + $ArgumentList
    $previous = $env:PGPASSWORD
    $env:PGPASSWORD = $Cluster.Password
    try {
        if ($AsOwner) { Invoke-Pg $Cluster.Bin $Tool $arguments -Quiet; return }
        $output = & (Join-Path $Cluster.Bin $Tool) @arguments
        if ($LASTEXITCODE -ne 0) {
            $output | ForEach-Object { Write-Host $_ }
            throw "$Tool failed (exit code $LASTEXITCODE): $($ArgumentList -join ' ')"
        }
        return $output
    }
    finally {
        if ($null -eq $previous) { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue } else { $env:PGPASSWORD = $previous }
    }
}

# One SQL statement through psql, unaligned and without headers: a value a line.
function Invoke-Psql([pscustomobject] $Cluster, [string] $Sql, [string] $Database = $Cluster.Database) {
    return Invoke-PgClient $Cluster 'psql' @('-d', $Database, '-tAc', $Sql)
}

function Initialize-Database([pscustomobject] $Cluster) {
    $exists = Invoke-Psql $Cluster "SELECT 1 FROM pg_database WHERE datname = '$DbName'" -Database 'postgres'
    if ("$exists".Trim() -ne '1') { $null = Invoke-Psql $Cluster "CREATE DATABASE $DbName" -Database 'postgres' }
}

function Stop-Cluster([string] $Dir, [switch] $Remove) {
    $bin = Find-PgBin
    if ($bin -and (Test-Path (Join-Path $Dir 'PG_VERSION')) -and (Test-ClusterRunning $bin $Dir)) {
        Write-Step "Stopping PostgreSQL in $Dir"
        Invoke-Pg $bin 'pg_ctl' @('stop', '-D', $Dir, '-m', 'fast', '-w', '-t', '60') -Quiet
    }
    if ($Remove) {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue -Path $Dir, (Get-ClusterFile $Dir 'password'), (Get-ClusterFile $Dir 'port')
    }
}

# A streaming standby of $Primary in $Dir, started; returns its connection details (the primary's password).
# It streams through a physical replication slot on the primary, named after its directory: the
# primary keeps the WAL the standby has not received, so a standby that was stopped while the primary
# went on writing (between two bench runs, a 'cluster down' and 'up') catches up instead of finding its
# WAL removed. A standby made before the slot existed is made again.
function Start-Standby([pscustomobject] $Primary, [string] $Dir) {
    $parent = Split-Path $Dir -Parent
    $slot = (Split-Path $Dir -Leaf).ToLowerInvariant() -replace '[^a-z0-9_]', '_'
    $hasSlot = "$(Invoke-Psql $Primary "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$slot'")".Trim() -eq '1'
    if ((Test-Path (Join-Path $Dir 'PG_VERSION')) -and -not $hasSlot) {
        Write-Step "The standby in $Dir has no replication slot on the primary: making it again"
        Stop-Cluster -Dir $Dir -Remove
    }

    if (-not (Test-Path (Join-Path $Dir 'PG_VERSION'))) {
        Write-Step "Making a streaming standby of 127.0.0.1:$($Primary.Port) in $Dir (pg_basebackup, slot $slot)"
        if ($hasSlot) { $null = Invoke-Psql $Primary "SELECT pg_drop_replication_slot('$slot')" }
        New-Item -ItemType Directory -Force -Path $parent | Out-Null
        if (Test-IsRoot) { Invoke-Native chown @('postgres:postgres', $parent) -Quiet }
        # -R writes the standby's settings (standby.signal, primary_conninfo, primary_slot_name);
        # -C -S creates the slot; -X stream brings the WAL along.
        Invoke-PgClient $Primary 'pg_basebackup' @('-D', $Dir, '-R', '-C', '-S', $slot, '-X', 'stream', '-c', 'fast') -AsOwner
    }

    $port = Start-Server $Primary.Bin $Dir 'the standby'
    return New-ClusterInfo $Primary.Bin $Dir $port $Primary.Password
}

# Waits until the standby has replayed everything the primary had written when this was called.
function Wait-StandbyCaughtUp([pscustomobject] $Primary, [pscustomobject] $Standby, [int] $Minutes = 5) {
    $target = "$(Invoke-Psql $Primary 'SELECT pg_current_wal_lsn()')".Trim()
    $deadline = [DateTime]::UtcNow.AddMinutes($Minutes)
    while ("$(Invoke-Psql $Standby "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn")".Trim() -ne 't') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The standby in $($Standby.Dir) did not catch up with its primary within $Minutes minutes." }
        Start-Sleep -Milliseconds 200
    }
}

# The database 'run', 'migrate' and 'seed' use: the configured one, else the private cluster.
function Get-ServiceConnectionString {
    if ($env:ConnectionStrings__TodoChat) { return $env:ConnectionStrings__TodoChat }
    return (Start-Cluster -Dir (Get-ClusterDir 'postgres')).ConnectionString
}

# 'db start|stop|status': the private PostgreSQL of 'run'. 'status' exits with 3 when it is not running.
function Invoke-Db([string] $Action) {
    $dir = Get-ClusterDir 'postgres'
    switch ($Action) {
        'start' {
            $cluster = Start-Cluster -Dir $dir
            Write-Host "PostgreSQL is running: Host=127.0.0.1;Port=$($cluster.Port);Database=$DbName;Username=$DbUser (password in $(Get-ClusterFile $dir 'password'))"
        }
        'stop' { Stop-Cluster -Dir $dir; Write-Host 'PostgreSQL is stopped.' }
        'status' {
            $bin = Find-PgBin
            if (-not $bin) { Write-Host 'PostgreSQL is not installed.'; exit 3 }
            if (-not (Test-Path (Join-Path $dir 'PG_VERSION'))) { Write-Host "No local cluster yet ($dir); 'db start' or 'run' creates it."; exit 3 }
            if (Test-ClusterRunning $bin $dir) {
                Write-Host "PostgreSQL is running on 127.0.0.1:$(Get-Content (Get-ClusterFile $dir 'port') -Raw) ($dir)."
            }
            else { Write-Host "PostgreSQL is stopped ($dir)."; exit 3 }
        }
        default { Stop-WithError "'db' takes start, stop or status, not '$Action'." 2 }
    }
}

Export-ModuleMember -Function Find-PgBin, Get-PgBin, Get-ClusterDir, Start-Cluster, Stop-Cluster, Start-Standby,
    Wait-StandbyCaughtUp, Invoke-PgClient, Invoke-Psql, Get-ServiceConnectionString, Invoke-Db
