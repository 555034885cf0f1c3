using System.Net;

namespace KanikoImages.Tests.Validation;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) answering each request with <c>respond</c>.</summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private int _requests;

    public LocalHttpServer(Func<HttpListenerRequest, (HttpStatusCode Status, byte[] Body)> respond)
    {
        _listener = Support.LoopbackListener.Start(out var port);
        Url = $"http://127.0.0.1:{port}/";
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                var (status, body) = respond(context.Request);
                context.Response.StatusCode = (int)status;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public int Requests => _requests;

    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
