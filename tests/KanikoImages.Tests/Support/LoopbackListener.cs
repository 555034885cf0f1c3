using System.Net;
using System.Net.Sockets;

namespace KanikoImages.Tests.Support;

/// <summary>
/// An HttpListener started on a free port of 127.0.0.1. Another test can take the port between the probe that
/// found it free and the listener's bind ("Address already in use"); then another free port is tried.
/// </summary>
public static class LoopbackListener
{
    public static HttpListener Start(out int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
