# The JWT secret of local runs (.data/jwt-secret) and development tokens: the 'token' target, and the
# tokens the benchmark and the cluster need.

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Split-Path $PSScriptRoot -Parent
$DataDir = Join-Path $Root '.data'
# A leaked token must not live long.
$MaxTokenHours = 168

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
        Invoke-DotnetBuild (Join-Path $Root 'tools/Token/Token.csproj') 'Release'
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

# 'token <user_id>': prints a development JWT valid for $Hours.
function Invoke-Token([string] $UserId, [long] $Hours) {
    if (-not $UserId) { Stop-WithError "'token' needs a user id: dotnet pwsh ./build.ps1 token <user_id>" 2 }
    if ($Hours -lt 1 -or $Hours -gt $MaxTokenHours) { Stop-WithError "-Hours must be from 1 to $MaxTokenHours (7 days), not $Hours." 2 }
    Write-Output (New-Jwt $UserId $Hours)
}

Export-ModuleMember -Function Get-JwtSecret, New-Jwts, New-Jwt, Invoke-Token
