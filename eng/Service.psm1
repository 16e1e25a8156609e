# The service on this machine: the 'run', 'migrate' and 'seed' targets, on the configured database
# (ConnectionStrings__TodoChat) or else the private cluster in .data/postgres.

Import-Module ('Common', 'Postgres', 'Tokens' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$WebApiProject = Join-Path $Root 'src/WebApi/WebApi.csproj'
$InfrastructureProject = Join-Path $Root 'src/Infrastructure/Infrastructure.csproj'

# The database and the secret, unless the environment names its own.
function Set-ServiceEnvironment {
    $env:ConnectionStrings__TodoChat = Get-ServiceConnectionString
    if (-not $env:Auth__JwtSecret -and -not $env:BETTER_AUTH_SECRET) { $env:Auth__JwtSecret = Get-JwtSecret }
}

function Invoke-Run([string] $Configuration, [string] $Urls) {
    Set-ServiceEnvironment
    if (-not $env:ASPNETCORE_ENVIRONMENT) { $env:ASPNETCORE_ENVIRONMENT = 'Development' }
    $first = ($Urls -split ';')[0].TrimEnd('/')
    Write-Step "TodoChat on $first  (Swagger UI: $first/swagger; a token: dotnet pwsh ./build.ps1 token <user_id>; Ctrl+C stops)"
    Invoke-Native dotnet @('run', '--project', $WebApiProject, '-c', $Configuration, '--no-launch-profile', '--', '--urls', $Urls)
}

function Invoke-Migrate([string] $Configuration) {
    $env:ConnectionStrings__TodoChat = Get-ServiceConnectionString
    Write-Step 'Applying migrations'
    Invoke-Native dotnet @('dotnet-ef', 'database', 'update', '--project', $InfrastructureProject, '--startup-project', $InfrastructureProject, '--configuration', $Configuration)
}

function Invoke-Seed([string] $Configuration, [string] $User, [int] $Messages) {
    if (-not $User -or $Messages -lt 0) { Stop-WithError "'seed' needs -User <id> and -Messages <n>: dotnet pwsh ./build.ps1 seed -User alice -Messages 100000" 2 }
    Set-ServiceEnvironment
    $env:Logging__LogLevel__Default = 'Warning'
    Invoke-DotnetBuild $WebApiProject $Configuration
    $dll = Join-Path $Root "src/WebApi/bin/$Configuration/net10.0/TodoChat.WebApi.dll"
    Invoke-Native dotnet @($dll, 'seed', '--user', $User, '--messages', "$Messages")
}

Export-ModuleMember -Function Invoke-Run, Invoke-Migrate, Invoke-Seed
