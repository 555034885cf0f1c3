using System.Net;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// A registry stand-in on 127.0.0.1 for answers a real registry will not give on demand: the /v2/ ping succeeds,
/// every other request gets one fixed HTTP status with an empty body.
/// </summary>
public sealed class FixedAnswerRegistry : IDisposable
{
    private readonly HttpListener listener = new();

    public FixedAnswerRegistry(int status)
    {
        Host = $"127.0.0.1:{LocalRegistry.FreePort()}";
        listener.Prefixes.Add($"http://{Host}/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }

                context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/v2/" ? 200 : status;
                context.Response.Close();
            }
        });
    }

    /// <summary>host:port, as it appears in image references.</summary>
    public string Host { get; }

    public void Dispose() => listener.Close();
}
