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
                            apt-get), saying what: PostgreSQL, PgBouncer, Node.js and npm, Chromium
                            and ChromeDriver. Screenshots of the
                            Swagger UI tests are attached to the results in TestResults/. -Unit runs
                            only the unit tests (tests/*.UnitTests): no database, no browser.
      run                   Run the service on -Urls (default http://127.0.0.1:5000) with Swagger UI at
                            /swagger. Without ConnectionStrings__TodoChat it provisions and starts a
                            private PostgreSQL in .data/postgres (installing PostgreSQL when it is
                            missing); without Auth__JwtSecret it makes a local secret in
                            .data/jwt-secret.
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
      bench [-Quick] [-Scenario <names>]
                            Benchmark: build Release, seed a database of its own once, start what the
                            scenarios run on (API instances, bench/Floor, bench/SlowModel, a standby
                            and the load balancer) and drive the scenarios of bench/scenarios.psd1
                            (listed at the end) with wrk (100 connections, 15 s each; -Quick: 20
                            connections, 3 s), run pgbench as the database's ceiling, and write
                            bench/results/latest.json and .md (quick.* with -Quick, partial.* with
                            -Scenario). Installs wrk (and HAProxy for R1) when missing. Fails when
                            the API answered with errors or X1 saw a stale read.
      cluster up|down|status
                            The scaled setup on this machine: a primary and a streaming standby
                            (pg_basebackup) under .data/, -Instances API instances (2) that read
                            history from the standby, and a load balancer (HAProxy, installed when
                            missing) on -Urls. 'down' stops it all (-Data also deletes its databases).
      clean                 Remove build output; with -Data also stop and delete the local database.

    PostgreSQL is found through 'pg_config --bindir' or /usr/lib/postgresql/*/bin; when absent on
    Debian or Ubuntu as root it is installed with apt-get. Run as root, the cluster belongs to the
    'postgres' OS user, because initdb refuses root.

    Each target is one function in eng/: build, test, openapi, clients, clean in Build.psm1; run,
    migrate, seed in Service.psm1; db (and every PostgreSQL cluster) in Postgres.psm1; token in
    Tokens.psm1; bootstrap in Bootstrap.psm1; cluster in Cluster.psm1; bench in Bench.psm1.

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

    # 'bench': only these scenarios (e.g. W1,F1,W1n,X1; bench/scenarios.psd1, listed at the end of the help); all when empty.
    [string[]] $Scenario = @(),

    # 'cluster up': how many API instances behind the load balancer.
    [int] $Instances = 2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Each target is one function of a module in eng/ (CONTRIBUTING.md has the table).
foreach ($module in @('Common', 'Postgres', 'Tokens', 'Bootstrap', 'Build', 'Service', 'Cluster', 'Bench')) {
    Import-Module (Join-Path $PSScriptRoot "eng/$module.psm1")
}

function Show-Usage {
    Get-Help $PSCommandPath -Detailed | Out-String | Write-Host
    Write-Host (Get-BenchScenarioHelp)
}

Set-Location $PSScriptRoot
try {
    switch ($Target) {
        'build' { Invoke-Build $Configuration }
        'bootstrap' { Invoke-Bootstrap }
        'test' { Invoke-Test $Configuration $Filter -Unit:$Unit }
        'run' { Invoke-Run $Configuration $Urls }
        'migrate' { Invoke-Migrate $Configuration }
        'db' { Invoke-Db $Argument }
        'token' { Invoke-Token $Argument $Hours }
        'seed' { Invoke-Seed $Configuration $User $Messages }
        'openapi' { Invoke-OpenApi $Configuration }
        'clients' { Invoke-Clients }
        'cluster' { Invoke-Cluster $Argument $Instances $Urls -Data:$Data }
        'bench' { Invoke-Bench -Quick:$Quick -Scenario $Scenario }
        'clean' { Invoke-Clean -Data:$Data }
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
