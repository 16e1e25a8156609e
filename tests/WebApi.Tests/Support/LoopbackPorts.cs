using System.Net;
using System.Net.Sockets;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>Ports for the servers tests start on loopback.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now: the system's pick for a listener, closed again.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
