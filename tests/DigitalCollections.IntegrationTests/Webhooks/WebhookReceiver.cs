using System.Net;
using System.Text;

namespace DigitalCollections.IntegrationTests.Webhooks;

/// <summary>
/// A webhook receiver on loopback: records every request it gets, answers 500 to the first
/// <see cref="FailFirst"/> of them and 200 after, and can be stopped and started again on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, string Body, int AnsweredWith);

    private readonly List<Received> _received = [];
    private HttpListener? _listener;
    private Task? _loop;

    public WebhookReceiver(int failFirst) => FailFirst = failFirst;

    public int FailFirst { get; }
    public int Port { get; } = Infrastructure.LoopbackPorts.Free();
    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<Received> All { get { lock (_received) return _received.ToList(); } }

    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        var listener = _listener;
        _loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                int status;
                lock (_received)
                {
                    status = _received.Count < FailFirst ? 500 : 200;
                    _received.Add(new(context.Request.Headers["webhook-id"] ?? "", context.Request.Headers["webhook-timestamp"] ?? "",
                        context.Request.Headers["webhook-signature"] ?? "", body, status));
                }
                context.Response.StatusCode = status;
                context.Response.Close();
            }
        });
    }

    public async Task StopAsync()
    {
        if (_listener is null) return;
        _listener.Stop();
        _listener.Close();
        if (_loop is not null) await _loop;
        _listener = null;
    }

    public async Task<IReadOnlyList<Received>> WaitForAcknowledgedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (All.Count(r => r.AnsweredWith == 200) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{All.Count(r => r.AnsweredWith == 200)} of {count} deliveries acknowledged; got {All.Count} requests.");
            await Task.Delay(100);
        }
        return All;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
