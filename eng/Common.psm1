# What the other modules of eng/ share: messages and stopping, running native commands, installing
# Debian packages, ports, owner-only files, and quiet builds.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Write-Step([string] $Message) { Write-Host "==> $Message" -ForegroundColor Cyan }

# Ends build.ps1 with $Code: 1 failed, 2 misused (exit leaves the whole script, also from a module).
function Stop-WithError([string] $Message, [int] $Code = 1) {
    Write-Host "build.ps1: $Message" -ForegroundColor Red
    exit $Code
}

# Runs a native command and stops when it fails: every native call's exit code is checked.
function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $Quiet)
    if ($Quiet) {
        $output = & $FilePath @ArgumentList 2>&1
        if ($LASTEXITCODE -ne 0) {
            $output | ForEach-Object { Write-Host $_ }
            throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
        }
        return
    }
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

# 'dotnet build' of one project, printing only errors: the targets that start what they build.
function Invoke-DotnetBuild([string] $Project, [string] $Configuration) {
    Invoke-Native dotnet @('build', $Project, '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly') -Quiet
}

function Test-IsRoot { return ($IsLinux -or $IsMacOS) -and ((& id -u) -eq '0') }

# The one place that runs apt-get: as root on Debian or Ubuntu, saying what it installs and why.
# Elsewhere it does nothing; a failed install is reported, and the caller sees what is still missing.
function Install-AptPackages([string[]] $Packages, [string] $Missing, [string] $Why) {
    if (-not ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue) -and (Test-IsRoot))) { return }
    Write-Step "$Missing not installed: installing Debian's $($Packages -join ', ') ($Why)"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        Invoke-Native apt-get @('update', '-q') -Quiet
        Invoke-Native apt-get (@('install', '-y', '-q', '--no-install-recommends') + $Packages) -Quiet
    }
    catch { Write-Host "    could not install $($Packages -join ', '): $($_.Exception.Message)" }
}

# Debian packages a target needs, installed when a command is missing (as root only).
# Returns whether every command is there afterwards.
function Install-DebianPackages([string[]] $Commands, [string[]] $Packages, [string] $Why) {
    $missing = @($Commands | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -eq 0) { return $true }
    Install-AptPackages $Packages ($missing -join ', ') $Why
    return -not @($Commands | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-PortFree([int] $Port) {
    try {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        $listener.Start(); $listener.Stop(); return $true
    }
    catch { return $false }
}

# Kills a process this script started, with its children, and waits (10 s at most) until it is gone.
# Does nothing for $null or a process that has exited.
function Stop-ProcessTree([System.Diagnostics.Process] $Process) {
    if ($Process -and -not $Process.HasExited) {
        $Process.Kill($true)
        $Process.WaitForExit(10000) | Out-Null
    }
}

# Polls $Url (every 250 ms, each try at most 2 s) until $IsReady accepts its status code, for at most
# $Seconds. False when the time runs out, or at once when $Process (if given) has exited.
function Wait-HttpReady([string] $Url, [int] $Seconds, [scriptblock] $IsReady, [System.Diagnostics.Process] $Process) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process -and $Process.HasExited) { return $false }
        try {
            $r = Invoke-WebRequest -Uri $Url -TimeoutSec 2 -SkipHttpErrorCheck
            if (& $IsReady $r.StatusCode) { return $true }
        }
        catch { }
        Start-Sleep -Milliseconds 250
    }
    return $false
}

# Secrets on disk are for their owner's eyes only, from the first byte: the file is created with mode
# 0600 (never world-readable, not even until a chmod), written under a temporary name beside the
# target and renamed over it, so a reader sees the old secret or the new one, never half of one.
function Set-PrivateFile([string] $Path, [string] $Value) {
    $temporary = "$Path.$([Guid]::NewGuid().ToString('N')).tmp"
    $options = [IO.FileStreamOptions]::new()
    $options.Mode = [IO.FileMode]::CreateNew
    $options.Access = [IO.FileAccess]::Write
    if ($IsLinux -or $IsMacOS) { $options.UnixCreateMode = [IO.UnixFileMode]'UserRead, UserWrite' }
    try {
        $stream = [IO.FileStream]::new($temporary, $options)
        try {
            $bytes = [Text.Encoding]::UTF8.GetBytes($Value)
            $stream.Write($bytes, 0, $bytes.Length)
        }
        finally { $stream.Dispose() }
        Move-Item -Force -LiteralPath $temporary -Destination $Path
    }
    finally { Remove-Item -Force -ErrorAction SilentlyContinue -LiteralPath $temporary }
}

function New-Secret([int] $Bytes) {
    return [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes($Bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

Export-ModuleMember -Function Write-Step, Stop-WithError, Invoke-Native, Invoke-DotnetBuild, Test-IsRoot, Wait-HttpReady,
    Install-AptPackages, Install-DebianPackages, Get-FreePort, Test-PortFree, Stop-ProcessTree, Set-PrivateFile, New-Secret
