# The load balancer in front of several API instances on one machine: 'build.ps1 cluster up' and the
# bench's R1. HAProxy (Debian's 2.6) in TCP mode: round robin over the instances by connection, each
# instance checked with GET /health/ready every 2 s and left out after two failures until it answers
# again. Why HAProxy, and why TCP rather than HTTP: docs/decisions/ADR-016-load-balancer.md.

Import-Module ('Common', 'Bootstrap' | ForEach-Object { Join-Path $PSScriptRoot "$_.psm1" })

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Writes the balancer's configuration to $Path: it listens on 127.0.0.1:$Port and spreads connections
# over $Backends (host:port each).
function New-BalancerConfig([string] $Path, [int] $Port, [string[]] $Backends) {
    $servers = for ($i = 0; $i -lt $Backends.Count; $i++) { "    server api$($i + 1) $($Backends[$i])" }
    $lines = @(
        '# Written by eng/Balancer.psm1; see docs/decisions/ADR-016-load-balancer.md.',
        'global',
        # No maxconn: HAProxy derives it from the open-file limit it finds, which differs by machine.
        # One thread: on a small machine it shares the cores with the instances, and one keeps up.
        '    nbthread 1',
        'defaults',
        '    mode tcp',
        '    timeout connect 2s',
        # Idle keep-alive connections and streamed turns (Server-Sent Events) may stay open a while;
        # Kestrel closes idle ones itself after its keep-alive timeout.
        '    timeout client 10m',
        '    timeout server 10m',
        # A connection that cannot reach an instance goes to another one.
        '    option redispatch',
        '    retries 2',
        'frontend todochat',
        "    bind 127.0.0.1:$Port",
        '    default_backend instances',
        'backend instances',
        '    balance roundrobin',
        '    option httpchk GET /health/ready',
        '    default-server check inter 2s fall 2 rise 1'
    ) + $servers
    Set-Content -Path $Path -Value $lines
}

# The arguments that run HAProxy in the foreground on a configuration of New-BalancerConfig.
function Get-BalancerArguments([string] $Config) { return @('-db', '-f', $Config) }

Export-ModuleMember -Function New-BalancerConfig, Get-BalancerArguments
