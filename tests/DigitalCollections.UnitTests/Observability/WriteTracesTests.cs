using System.Diagnostics;
using System.Net;
using DigitalCollections.Api.Observability;
using DigitalCollections.Api.Transactions;
using Microsoft.AspNetCore.Http;

namespace DigitalCollections.UnitTests.Observability;

public sealed class WriteTracesTests
{
    private static ChainTransaction Row(string? traceParent) => new()
    {
        Id = Guid.CreateVersion7(), DeploymentKey = "k", Kind = TransactionKinds.Mint, State = TransactionStates.Confirmed,
        RequestJson = "{}", CallData = "0x", TraceParent = traceParent, TransactionHash = "0xabc", CreatedAt = DateTimeOffset.UtcNow,
    };

    private static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";

    [Fact]
    public void A_batch_send_is_a_child_of_its_first_rows_trace_and_links_the_others()
    {
        var captured = new List<Activity>();
        using var listener = Listen(captured);
        var rows = new[] { Row(NewTraceParent()), Row(NewTraceParent()), Row(null) };

        using (WriteTraces.StartSend(rows, "0xrelayer", 7)) { }

        var send = Assert.Single(captured, a => a.OperationName == "lane.send");
        Assert.Equal(rows[0].TraceParent![3..35], send.TraceId.ToString());
        Assert.Equal(rows[0].TraceParent![36..52], send.ParentSpanId.ToString());
        var link = Assert.Single(send.Links);
        Assert.Equal(rows[1].TraceParent![3..35], link.Context.TraceId.ToString());
        Assert.Equal(3, send.GetTagItem("dc.batch.size"));
    }

    [Fact]
    public void A_confirmation_spans_from_the_send_to_now_in_the_rows_trace_and_a_row_without_one_makes_none()
    {
        var captured = new List<Activity>();
        using var listener = Listen(captured);
        var row = Row(NewTraceParent());
        row.SentAt = DateTimeOffset.UtcNow.AddSeconds(-3);
        var now = DateTimeOffset.UtcNow;

        WriteTraces.Ended(row, now);
        WriteTraces.Ended(Row(null), now);

        var confirm = Assert.Single(captured);
        Assert.Equal("transaction.confirm", confirm.OperationName);
        Assert.Equal(row.TraceParent![3..35], confirm.TraceId.ToString());
        Assert.InRange(confirm.Duration, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(3.1));
    }

    [Fact]
    public void Recording_stores_the_current_spans_context_or_nothing_when_nobody_traces()
    {
        Assert.Null(WriteTraces.StartRecord(TransactionKinds.Mint)); // no listener: no span, nothing to store
        var captured = new List<Activity>();
        using var listener = Listen(captured);
        using var record = WriteTraces.StartRecord(TransactionKinds.Mint);
        Assert.NotNull(record);
        Assert.Equal(record.Id, WriteTraces.Current());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", WriteTraces.Current());
    }

    [Theory]
    [InlineData("127.0.0.1", 5080, null, true)]
    [InlineData("::1", 5080, null, true)]
    [InlineData("10.1.2.3", 5080, null, false)]
    [InlineData("10.1.2.3", 9464, 9464, true)]
    [InlineData("127.0.0.1", 5080, 9464, false)]
    public void The_scrape_endpoint_answers_loopback_callers_or_only_its_own_port(string remote, int localPort, int? port, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Connection.LocalPort = localPort;
        Assert.Equal(allowed, ObservabilityFeature.MayScrape(context.Connection, port));
    }

    private static ActivityListener Listen(List<Activity> captured)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (captured) captured.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
