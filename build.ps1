<#
.SYNOPSIS
    TodoChat's one entry point: build, test, run the service, manage its local database, make tokens.

.DESCRIPTION
    Targets:
      build                 Restore and build the solution.
      bootstrap             Install every system package the targets use (as root, with apt-get):
                            PostgreSQL, PgBouncer, Node.js and npm, Chromium and ChromeDriver, wrk.
                            The other targets install what they miss themselves and say so.
      test [-Unit]          Build and run every test against a throwaway PostgreSQL cluster that this
                            script starts and removes again (or against ConnectionStrings__TodoChat
                            when it is set; the tests then create and drop a database of their own).
                            Installs what the tests need when it is missing and it can (as root, with
                            apt-get): Node.js and npm, Chromium and ChromeDriver. Screenshots of the
                            Swagger UI tests are attached to the results in TestResults/. -Unit runs
                            only the unit tests (tests/*.UnitTests): no database, no browser.
      run                   Run the service on -Urls (default http://127.0.0.1:5000) with Swagger UI at
                            /swagger. Without ConnectionStrings__TodoChat it provisions and starts a
                            private PostgreSQL in .data/postgres; without Auth__JwtSecret it makes a
                            local secret in .data/jwt-secret.
      migrate               Apply the EF Core migrations to the database 'run' uses.
      db start|stop|status  The private PostgreSQL of 'run'.
      token <user_id>       Print a development JWT for the local secret (Swagger UI's Authorize), valid
                            for -Hours (12; at most 168, 7 days: a leaked token must not live long).
      openapi               Rewrite openapi/todochat.v1.json from what the code publishes ('test' fails
                            while the checked-in document differs).
      clients               Regenerate both clients from openapi/todochat.v1.json: the C# client in
                            clients/csharp (NSwag, via tools/ClientGenerator) and the TypeScript
                            types in clients/typescript (openapi-typescript). 'test' fails while either
                            differs from what the document gives. Installs Node.js and npm with
                            apt-get when they are missing.
      seed -User <id> -Messages <n>
                            Create a conversation of n messages (alternating roles, ~200 characters,
                            one second apart) in the database 'run' uses, with one bulk COPY; prints
                            its id.
      bench [-Quick]        Benchmark: build Release, seed a database of its own once, start the API and
                            drive scenarios S1..S8 with wrk (100 connections, 15 s each; -Quick: 20
                            connections, 3 s), run pgbench as the database's ceiling, and write
                            bench/results/latest.json and .md. Fails when the API answered with errors.
      cluster up|down|status
                            The scaled setup on this machine: a primary and a streaming standby
                            (pg_basebackup) under .data/, -Instances API instances (2) that read
                            history from the standby, and a load balancer (tools/LoadBalancer, YARP)
                            on -Urls. 'down' stops it all (-Data also deletes its databases).
      clean                 Remove build output; with -Data also stop and delete the local database.

    PostgreSQL is found through 'pg_config --bindir' or /usr/lib/postgresql/*/bin; when absent on
    Debian or Ubuntu as root it is installed with apt-get. Run as root, the cluster belongs to the
    'postgres' OS user, because initdb refuses root.

.PARAMETER Target
    What to do: build, bootstrap, test, run, migrate, db, token, openapi, clients, seed, bench, cluster, clean.

.PARAMETER Argument
    For 'db' and 'cluster': start/up, stop/down or status. For 'token': the user id (the token's 'sub').

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 run

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 test

.EXAMPLE
    dotnet pwsh ./build.ps1 token alice

.EXAMPLE
    dotnet pwsh ./build.ps1 seed -User alice -Messages 100000

.EXAMPLE
    dotnet pwsh ./build.ps1 bench
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $Target,

    [Parameter(Position = 1)]
    [string] $Argument,

    # Build configuration.
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # Where 'run' listens.
    [string] $Urls = 'http://127.0.0.1:5000',

    # 'test': only tests matching this dotnet test filter expression.
    [string] $Filter,

    # 'test': only the unit tests (tests/*.UnitTests): no database, no browser, seconds.
    [switch] $Unit,

    # 'token': hours until the token expires, 1 to 168 (7 days).
    [long] $Hours = 12,

    # 'clean': also stop and delete the local database and secret.
    [switch] $Data,

    # 'seed': the user who owns the seeded conversation.
    [string] $User,

    # 'seed': how many messages it gets.
    [ValidateRange(0, 10000000)]
    [int] $Messages = -1,

    # 'bench': a short run that proves the harness works (its numbers mean little).
    [switch] $Quick,

    # 'bench': only these scenarios (e.g. W1,F1,W1n,X1); all of them when empty.
    [string[]] $Scenario = @(),

    # 'cluster up': how many API instances behind the load balancer.
    [int] $Instances = 2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Solution = Join-Path $Root 'TodoChat.sln'
$WebApiProject = Join-Path $Root 'src/WebApi/WebApi.csproj'
$InfrastructureProject = Join-Path $Root 'src/Infrastructure/Infrastructure.csproj'
$DataDir = Join-Path $Root '.data'
$MaxTokenHours = 168

# Shared helpers, and every PostgreSQL cluster (with the 'db' target).
Import-Module (Join-Path $Root 'eng/Common.psm1')
Import-Module (Join-Path $Root 'eng/Postgres.psm1')

function Show-Usage {
    Get-Help $PSCommandPath -Detailed | Out-String | Write-Host
}

# ---------------------------------------------------------------- Node.js

function Install-Node {
    if (-not (Install-DebianPackages @('node', 'npm') @('nodejs', 'npm') 'the TypeScript client and its tests')) {
        Stop-WithError 'Node.js and npm are needed for the TypeScript client (clients/typescript): install them (on Debian: apt-get install nodejs npm).'
    }
}

function Install-NodePackages {
    Install-Node
    $package = Join-Path $Root 'clients/typescript'
    if (-not (Test-Path (Join-Path $package 'node_modules'))) {
        Write-Step 'Installing the TypeScript client''s npm packages (npm ci)'
        Push-Location $package
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund') -Quiet } finally { Pop-Location }
    }
}

# ---------------------------------------------------------------- Tokens

function Get-JwtSecret {
    if ($env:Auth__JwtSecret) { return $env:Auth__JwtSecret }
    if ($env:BETTER_AUTH_SECRET) { return $env:BETTER_AUTH_SECRET }
    $file = Join-Path $DataDir 'jwt-secret'
    if (-not (Test-Path $file)) {
        New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
        Set-PrivateFile $file (New-Secret 48)
    }
    return (Get-Content $file -Raw)
}

# Tokens come from tools/Token, the repository's one minter (the tests use its code too): one process for
# any number of users. Signed with Get-JwtSecret's secret, with Auth__Issuer and Auth__Audience when set.
$script:TokenToolBuilt = $false
function New-Jwts([string[]] $UserIds, [int] $LifetimeHours) {
    $dll = Join-Path $Root 'tools/Token/bin/Release/net10.0/TodoChat.Token.dll'
    if (-not $script:TokenToolBuilt) {
        Invoke-Native dotnet @('build', (Join-Path $Root 'tools/Token/Token.csproj'), '-c', 'Release', '--nologo', '-v', 'q', '-clp:ErrorsOnly') -Quiet
        $script:TokenToolBuilt = $true
    }
    $previous = $env:Auth__JwtSecret
    $env:Auth__JwtSecret = Get-JwtSecret
    try {
        $tokens = @(& dotnet $dll '--hours' "$LifetimeHours" @UserIds)
        if ($LASTEXITCODE -ne 0) { Stop-WithError "tools/Token failed (exit code $LASTEXITCODE)." $LASTEXITCODE }
        return $tokens
    }
    finally { $env:Auth__JwtSecret = $previous }
}

function New-Jwt([string] $UserId, [int] $LifetimeHours) { return @(New-Jwts @($UserId) $LifetimeHours)[0] }

# ---------------------------------------------------------------- Targets

function Invoke-Build {
    Write-Step "Building ($Configuration)"
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration, '--nologo', '-clp:ErrorsOnly;Summary')
}

# The unit test projects: pure code, nothing to install or start.
function Invoke-UnitTest {
    Invoke-Build
    Write-Step 'Running the unit tests'
    $failed = $false
    foreach ($project in (Get-ChildItem (Join-Path $Root 'tests') -Filter '*.UnitTests.csproj' -Recurse)) {
        $arguments = @('test', $project.FullName, '-c', $Configuration, '--no-build', '--nologo', '--logger', 'console;verbosity=minimal')
        if ($Filter) { $arguments += @('--filter', $Filter) }
        & dotnet @arguments
        if ($LASTEXITCODE -ne 0) { $failed = $true }
    }
    if ($failed) { Stop-WithError 'unit tests failed.' }
}

# What the tests need from the system, installed when missing (as root, with apt-get), saying what and why.
function Install-TestPrerequisites {
    # The replica and failover tests make clusters of their own (initdb, pg_basebackup), whatever server the rest uses.
    $null = Get-PgBin
    if (-not (Install-DebianPackages @('pgbouncer') @('pgbouncer') 'the tests that run the service through PgBouncer')) {
        Stop-WithError 'PgBouncer is needed by the tests (PgBouncerTests): install it (on Debian: apt-get install pgbouncer).'
    }
    Install-NodePackages
    # The Swagger UI tests drive Debian's Chromium; without it they are skipped, saying why.
    if (-not (Install-DebianPackages @('chromium', 'chromedriver') @('chromium', 'chromium-driver') 'the Swagger UI browser tests')) {
        Write-Host '    Chromium or ChromeDriver is missing: the Swagger UI browser tests will be skipped.'
    }
}

# Everything any target installs, at once: PostgreSQL, PgBouncer, Node.js and npm, Chromium and
# ChromeDriver, wrk. 'test', 'run' and 'bench' install what they miss themselves; this is for a machine
# that should have it all up front (an image, a CI runner).
function Invoke-Bootstrap {
    Install-TestPrerequisites
    if (-not (Install-DebianPackages @('wrk') @('wrk') 'the benchmark')) {
        Stop-WithError 'wrk is needed by the benchmark: install it (on Debian: apt-get install wrk).'
    }
    Write-Step 'Everything the targets use is installed'
}

function Invoke-Test {
    if ($Unit) { Invoke-UnitTest; return }
    Invoke-Build
    Install-TestPrerequisites
    $cluster = $null
    $previous = $env:ConnectionStrings__TodoChat
    $results = Join-Path $Root 'TestResults'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $results
    try {
        if (-not $previous) {
            $cluster = Start-Cluster -Dir (Get-ClusterDir "test-$PID") -Throwaway
            $env:ConnectionStrings__TodoChat = $cluster.ConnectionString
        }
        Write-Step 'Running tests'
        $arguments = @('test', $Solution, '-c', $Configuration, '--no-build', '--nologo',
            '--results-directory', $results, '--logger', 'trx', '--logger', 'console;verbosity=normal')
        if ($Filter) { $arguments += @('--filter', $Filter) }
        & dotnet @arguments
        $exit = $LASTEXITCODE
    }
    finally {
        if ($cluster) { Stop-Cluster -Dir $cluster.Dir -Remove }
        $env:ConnectionStrings__TodoChat = $previous
    }

    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in (Get-ChildItem $results -Filter *.trx -Recurse -ErrorAction SilentlyContinue)) {
        $counters = ([xml](Get-Content $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed; $failed += [int]$counters.failed + [int]$counters.error
        $skipped += [int]$counters.notExecuted
    }
    Write-Host ''
    Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
    if ($exit -ne 0) { Stop-WithError "tests failed (dotnet test exit code $exit)." $exit }
    if ($passed -eq 0) { Stop-WithError 'no test ran.' }
}

function Invoke-Clients {
    Write-Step 'Generating the C# client: clients/csharp/TodoChat.Client/TodoChatClient.g.cs'
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tools/ClientGenerator'), '--',
        (Join-Path $Root 'openapi/todochat.v1.json'), (Join-Path $Root 'clients/csharp/TodoChat.Client/TodoChatClient.g.cs')) -Quiet
    Install-NodePackages
    Write-Step 'Generating the TypeScript client''s types: clients/typescript/src/schema.ts'
    Push-Location (Join-Path $Root 'clients/typescript')
    try { Invoke-Native npm @('run', 'generate') -Quiet } finally { Pop-Location }
    Write-Step 'Both clients match openapi/todochat.v1.json'
}

function Invoke-Run {
    $env:ConnectionStrings__TodoChat = Get-ServiceConnectionString
    if (-not $env:Auth__JwtSecret -and -not $env:BETTER_AUTH_SECRET) { $env:Auth__JwtSecret = Get-JwtSecret }
    if (-not $env:ASPNETCORE_ENVIRONMENT) { $env:ASPNETCORE_ENVIRONMENT = 'Development' }
    $first = ($Urls -split ';')[0].TrimEnd('/')
    Write-Step "TodoChat on $first  (Swagger UI: $first/swagger; a token: dotnet pwsh ./build.ps1 token <user_id>; Ctrl+C stops)"
    Invoke-Native dotnet @('run', '--project', $WebApiProject, '-c', $Configuration, '--no-launch-profile', '--', '--urls', $Urls)
}

function Invoke-Migrate {
    $env:ConnectionStrings__TodoChat = Get-ServiceConnectionString
    Write-Step 'Applying migrations'
    Invoke-Native dotnet @('dotnet-ef', 'database', 'update', '--project', $InfrastructureProject, '--startup-project', $InfrastructureProject, '--configuration', $Configuration)
}

# The document the code publishes, written by the service itself without a database or a server: the
# connection string is never opened, and the secret signs nothing.
function Invoke-OpenApi {
    Invoke-Native dotnet @('build', $WebApiProject, '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly') -Quiet
    $dll = Join-Path $Root "src/WebApi/bin/$Configuration/net10.0/TodoChat.WebApi.dll"
    $env:ConnectionStrings__TodoChat = 'Host=127.0.0.1;Database=openapi-not-opened'
    $env:Auth__JwtSecret = 'openapi-document-only-signs-nothing-0123456789'
    $env:Logging__LogLevel__Default = 'Warning'
    try { Invoke-Native dotnet @($dll, 'openapi', (Join-Path $Root 'openapi/todochat.v1.json')) -Quiet }
    finally { Remove-Item Env:ConnectionStrings__TodoChat, Env:Auth__JwtSecret, Env:Logging__LogLevel__Default -ErrorAction SilentlyContinue }
    Write-Step 'openapi/todochat.v1.json is what the code publishes'
}

function Invoke-Seed {
    if (-not $User -or $Messages -lt 0) { Stop-WithError "'seed' needs -User <id> and -Messages <n>: dotnet pwsh ./build.ps1 seed -User alice -Messages 100000" 2 }
    $env:ConnectionStrings__TodoChat = Get-ServiceConnectionString
    if (-not $env:Auth__JwtSecret -and -not $env:BETTER_AUTH_SECRET) { $env:Auth__JwtSecret = Get-JwtSecret }
    $env:Logging__LogLevel__Default = 'Warning'
    Invoke-Native dotnet @('build', $WebApiProject, '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly') -Quiet
    $dll = Join-Path $Root "src/WebApi/bin/$Configuration/net10.0/TodoChat.WebApi.dll"
    Invoke-Native dotnet @($dll, 'seed', '--user', $User, '--messages', "$Messages")
}

function Invoke-Clean {
    Write-Step 'Removing build output'
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -notlike "$DataDir*" } |
        Remove-Item -Recurse -Force
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Root 'TestResults')
    if ($Data) {
        Stop-Cluster -Dir (Get-ClusterDir 'postgres') -Remove
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $DataDir
        Write-Step 'Removed the local database and secret'
    }
}

Set-Location $Root
try {
    switch ($Target) {
        'build' { Invoke-Build }
        'bootstrap' { Invoke-Bootstrap }
        'test' { Invoke-Test }
        'run' { Invoke-Run }
        'migrate' { Invoke-Migrate }
        'db' { Invoke-Db $Argument }
        'token' {
            if (-not $Argument) { Stop-WithError "'token' needs a user id: dotnet pwsh ./build.ps1 token <user_id>" 2 }
            if ($Hours -lt 1 -or $Hours -gt $MaxTokenHours) { Stop-WithError "-Hours must be from 1 to $MaxTokenHours (7 days), not $Hours." 2 }
            Write-Output (New-Jwt $Argument $Hours)
        }
        'seed' { Invoke-Seed }
        'openapi' { Invoke-OpenApi }
        'clients' { Invoke-Clients }
        'cluster' {
            . (Join-Path $Root 'eng/Cluster.ps1')
            Invoke-Cluster $Argument
        }
        'bench' {
            . (Join-Path $Root 'bench/bench.ps1')
            Invoke-Bench -QuickRun:$Quick -Only $Scenario
        }
        'clean' { Invoke-Clean }
        { $_ -in @($null, '', 'help', '-h', '--help', '-?') } { Show-Usage }
        default {
            Show-Usage
            Stop-WithError "unknown target '$Target'." 2
        }
    }
}
catch {
    Stop-WithError $_.Exception.Message
}
exit 0
