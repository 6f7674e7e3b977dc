namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>One answer as the client got it: what <see cref="OpenApiContract"/> checks against the document.</summary>
/// <param name="Path">The request's path as sent (still percent-encoded).</param>
/// <param name="MediaType">The answer's Content-Type without parameters; null when it had none.</param>
/// <param name="Body">The body as text when it is JSON; null otherwise.</param>
/// <param name="BodyLength">The body's length in bytes (0: no body).</param>
public sealed record RecordedAnswer(string Method, string Path, int Status, string? MediaType, string? Body, long BodyLength);

/// <summary>
/// Every answer the clients of one API instance received. The instance's owner (<see cref="ApiFactory"/>,
/// <see cref="ApiProcess"/>) checks them against the OpenAPI document when it is disposed; the shared one of
/// the chain collection after each test (<see cref="AnswersAgreeWithOpenApiAttribute"/>).
/// </summary>
public sealed class AnswerLog
{
    private readonly List<RecordedAnswer> _answers = [];
    private int _checked;

    public IReadOnlyList<RecordedAnswer> Answers { get { lock (_answers) return _answers.ToArray(); } }

    public void Add(RecordedAnswer answer)
    {
        lock (_answers) _answers.Add(answer);
    }

    /// <summary>The answers recorded since the last call: each is checked once, by the test that caused it.</summary>
    public IReadOnlyList<RecordedAnswer> TakeUnchecked()
    {
        lock (_answers)
        {
            var unchecked_ = _answers.Skip(_checked).ToArray();
            _checked = _answers.Count;
            return unchecked_;
        }
    }

    /// <summary>A handler that records each answer, in front of <paramref name="inner"/> (null: for a chain that supplies it).</summary>
    public DelegatingHandler Recorder(HttpMessageHandler? inner = null) =>
        inner is null ? new Recording(this) : new Recording(this) { InnerHandler = inner };

    private sealed class Recording(AnswerLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            // Buffered, so the test still reads the body after us.
            await response.Content.LoadIntoBufferAsync(ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var json = mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));
            log.Add(new RecordedAnswer(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, mediaType,
                json ? System.Text.Encoding.UTF8.GetString(bytes) : null, bytes.LongLength));
            return response;
        }
    }
}
