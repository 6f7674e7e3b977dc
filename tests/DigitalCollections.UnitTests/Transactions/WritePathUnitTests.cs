using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;
using Microsoft.AspNetCore.Http;

namespace DigitalCollections.UnitTests.Transactions;

public sealed class PreferHeaderTests
{
    private static bool Prefers(params string[] values)
    {
        var context = new DefaultHttpContext();
        foreach (var v in values) context.Request.Headers.Append("Prefer", v);
        return context.Request.PrefersRespondAsync();
    }

    [Theory]
    [InlineData("respond-async")]
    [InlineData("RESPOND-ASYNC")]
    [InlineData("wait=10, respond-async")]
    [InlineData("respond-async; foo=bar")]
    [InlineData(" return=minimal ,respond-async ")]
    public void Respond_async_is_recognised_among_other_preferences(string header) => Assert.True(Prefers(header));

    [Theory]
    [InlineData("")]
    [InlineData("return=minimal")]
    [InlineData("respond-asynchronously")]
    [InlineData("x-respond-async")]
    public void Other_preferences_are_not_respond_async(string header) => Assert.False(Prefers(header));

    [Fact]
    public void Several_prefer_headers_are_all_read() => Assert.True(Prefers("return=minimal", "respond-async"));

    [Fact]
    public void No_header_means_wait() => Assert.False(new DefaultHttpContext().Request.PrefersRespondAsync());
}

public sealed class TransactionViewTests
{
    private static ChainTransaction Row(string kind, string state, long? tokenId = 7) => new()
    {
        Id = Guid.CreateVersion7(),
        DeploymentKey = "31337:0xabc:0x1",
        Kind = kind,
        State = state,
        RequestJson = "{}",
        CallData = "0x",
        TokenId = tokenId,
        FailureCode = state == TransactionStates.Failed ? "WorkAlreadyRegistered" : null,
        FailureReason = state == TransactionStates.Failed ? "The contract reverted: WorkAlreadyRegistered(...)." : null,
    };

    [Fact]
    public void A_confirmed_mint_points_at_its_work_and_a_transfer_at_the_provenance()
    {
        Assert.Equal("/api/v1/works/7", TransactionView.From(Row(TransactionKinds.Mint, TransactionStates.Confirmed)).ResultLocation);
        Assert.Equal("/api/v1/works/7/provenance", TransactionView.From(Row(TransactionKinds.Transfer, TransactionStates.Confirmed)).ResultLocation);
    }

    [Theory]
    [InlineData(TransactionStates.Queued)]
    [InlineData(TransactionStates.Sent)]
    [InlineData(TransactionStates.Failed)]
    public void Only_a_confirmed_write_has_a_result(string state) =>
        Assert.Null(TransactionView.From(Row(TransactionKinds.Mint, state)).ResultLocation);

    [Fact]
    public void A_failure_carries_its_code_and_reason_and_other_states_none()
    {
        var failed = TransactionView.From(Row(TransactionKinds.Mint, TransactionStates.Failed, tokenId: null));
        Assert.Equal("WorkAlreadyRegistered", failed.Failure!.Code);
        Assert.Contains("reverted", failed.Failure.Reason);
        Assert.Null(TransactionView.From(Row(TransactionKinds.Mint, TransactionStates.Sent)).Failure);
    }

    [Fact]
    public void The_view_never_exposes_the_signed_payload_or_the_request()
    {
        var names = typeof(TransactionView).GetProperties().Select(p => p.Name).ToList();
        Assert.DoesNotContain("SignedTransaction", names);
        Assert.DoesNotContain("RequestJson", names);
        Assert.DoesNotContain("CallData", names);
    }

    [Fact]
    public void Mint_requests_round_trip_through_the_outbox_json()
    {
        var request = new MintRequest("0x" + new string('a', 64), "T", null, "image/png", "a.png", 12, "0x1", "0x2", 250);
        var row = Row(TransactionKinds.Mint, TransactionStates.Queued);
        row.RequestJson = System.Text.Json.JsonSerializer.Serialize(request, ChainTransaction.JsonOptions);
        Assert.Equal(request, row.Request<MintRequest>());
    }
}
