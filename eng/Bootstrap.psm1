# The system packages the targets use, each installed when it is missing (as root, with apt-get through
# Install-DebianPackages, saying what and why): the 'bootstrap' target installs them all at once, and
# 'test', 'clients' and 'bench' call the part they need. PostgreSQL itself comes with Get-PgBin
# (eng/Postgres.psm1), which 'run', 'test' and every other target with a database go through.

Import-Module ('Common', 'Postgres' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent

function Install-Node {
    if (-not (Install-DebianPackages @('node', 'npm') @('nodejs', 'npm') 'the TypeScript client and its tests')) {
        Stop-WithError 'Node.js and npm are needed for the TypeScript client (clients/typescript): install them (on Debian: apt-get install nodejs npm).'
    }
}

# Node.js and npm, and the TypeScript client's npm packages.
function Install-NodePackages {
    Install-Node
    $package = Join-Path $Root 'clients/typescript'
    if (-not (Test-Path (Join-Path $package 'node_modules'))) {
        Write-Step 'Installing the TypeScript client''s npm packages (npm ci)'
        Push-Location $package
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund') -Quiet } finally { Pop-Location }
    }
}

# What the tests need from the system.
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

function Install-Wrk {
    if (-not (Install-DebianPackages @('wrk') @('wrk') 'the benchmark')) {
        Stop-WithError 'wrk is needed by the benchmark: install it (on Debian: apt-get install wrk).'
    }
}

# The load balancer of 'cluster up' and of the bench's R1 (eng/Balancer.psm1).
function Install-Haproxy {
    if (-not (Install-DebianPackages @('haproxy') @('haproxy') 'the load balancer in front of several instances (cluster, bench R1)')) {
        Stop-WithError 'HAProxy is needed in front of several instances: install it (on Debian: apt-get install haproxy).'
    }
}

# Everything any target installs, at once: PostgreSQL, PgBouncer, Node.js and npm, Chromium and
# ChromeDriver, wrk, HAProxy. 'test', 'run' and 'bench' install what they miss themselves; this is for a machine
# that should have it all up front (an image, a CI runner).
function Invoke-Bootstrap {
    Install-TestPrerequisites
    Install-Wrk
    Install-Haproxy
    Write-Step 'Everything the targets use is installed'
}

Export-ModuleMember -Function Install-NodePackages, Install-TestPrerequisites, Install-Wrk, Install-Haproxy, Invoke-Bootstrap
