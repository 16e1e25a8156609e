# The code itself: the 'build', 'test', 'openapi', 'clients' and 'clean' targets.

Import-Module ('Common', 'Postgres', 'Bootstrap' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$Solution = Join-Path $Root 'TodoChat.sln'

function Invoke-Build([string] $Configuration) {
    Write-Step "Building ($Configuration)"
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration, '--nologo', '-clp:ErrorsOnly;Summary')
}

# The unit test projects: pure code, nothing to install or start.
function Invoke-UnitTest([string] $Configuration, [string] $Filter) {
    Invoke-Build $Configuration
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

# Every test, against a throwaway cluster (or ConnectionStrings__TodoChat when set), after installing
# what the tests need when it is missing; -Unit: the unit tests only.
function Invoke-Test([string] $Configuration, [string] $Filter, [switch] $Unit) {
    if ($Unit) { Invoke-UnitTest $Configuration $Filter; return }
    Invoke-Build $Configuration
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

# The document the code publishes, written by the service itself without a database or a server: the
# connection string is never opened, and the secret signs nothing.
function Invoke-OpenApi([string] $Configuration) {
    Invoke-DotnetBuild (Join-Path $Root 'src/WebApi/WebApi.csproj') $Configuration
    $dll = Join-Path $Root "src/WebApi/bin/$Configuration/net10.0/TodoChat.WebApi.dll"
    $env:ConnectionStrings__TodoChat = 'Host=127.0.0.1;Database=openapi-not-opened'
    $env:Auth__JwtSecret = 'openapi-document-only-signs-nothing-0123456789'
    $env:Logging__LogLevel__Default = 'Warning'
    try { Invoke-Native dotnet @($dll, 'openapi', (Join-Path $Root 'openapi/todochat.v1.json')) -Quiet }
    finally { Remove-Item Env:ConnectionStrings__TodoChat, Env:Auth__JwtSecret, Env:Logging__LogLevel__Default -ErrorAction SilentlyContinue }
    Write-Step 'openapi/todochat.v1.json is what the code publishes'
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

function Invoke-Clean([switch] $Data) {
    $dataDir = Join-Path $Root '.data'
    Write-Step 'Removing build output'
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -notlike "$dataDir*" } |
        Remove-Item -Recurse -Force
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Root 'TestResults')
    if ($Data) {
        Stop-Cluster -Dir (Get-ClusterDir 'postgres') -Remove
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $dataDir
        Write-Step 'Removed the local database and secret'
    }
}

Export-ModuleMember -Function Invoke-Build, Invoke-Test, Invoke-OpenApi, Invoke-Clients, Invoke-Clean
