using DigitalCollections.Api.Chain;
using DigitalCollections.Api.ChainInfo;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Transfers;
using DigitalCollections.Api.Works;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Common;

/// <summary>
/// Every write with a deadline answers the contract's expiry refusal alike: with the chain's clock, naming
/// 'deadline' when the client signed it, as a 503 when this API did (a custodial account's write).
/// </summary>
public sealed class AuthorizationExpiryBehaviorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ChainTime = Now.AddSeconds(4000);
    private readonly ChainClock _chainClock;

    public AuthorizationExpiryBehaviorTests()
    {
        // The index follows the node's pushes, so the clock is its newest header and no chain call is made.
        var index = new IndexStatus.Writer(new FixedTimeProvider(Now));
        var head = new BlockHeader(50, $"0x{50:x64}", $"0x{49:x64}", ChainTime.ToUnixTimeSeconds());
        index.Update(head.Number, head.Hash, head.Number);
        index.FollowsPushes(true);
        index.NoteHead(head);
        _chainClock = new ChainClock(index.Status, new FakeChainReader(), new FixedTimeProvider(Now));
    }

    private static readonly ContractRevertedException Expired =
        new(new ContractError("AuthorizationExpired", new Dictionary<string, string> { ["deadline"] = "100" }));

    private static RegisterWorkCommand Mint(string? apiKey) => new(null, null, null, "title", null, 0,
        apiKey is null ? "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" : null, null, apiKey is null ? 100 : null, null, apiKey);

    private static TransferWorkCommand Transfer(string? apiKey) => new("7", null, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        apiKey is null ? 100 : null, null, null, apiKey);

    private async Task<ApiProblemException> RefusedAsync<TMessage, TResponse>(TMessage message, Exception refusal)
        where TMessage : Mediator.IMessage =>
        await Assert.ThrowsAsync<ApiProblemException>(async () =>
            await new AuthorizationExpiryBehavior<TMessage, TResponse>(_chainClock).Handle(message, (_, _) => throw refusal, default));

    [Fact]
    public async Task A_self_signed_mint_or_transfer_past_its_deadline_is_a_400_naming_deadline_with_the_chain_time()
    {
        foreach (var problem in new[]
                 {
                     await RefusedAsync<RegisterWorkCommand, WriteOutcome<RegisteredWork>>(Mint(apiKey: null), Expired),
                     await RefusedAsync<TransferWorkCommand, WriteOutcome<TransferResult>>(Transfer(apiKey: null), Expired),
                 })
        {
            Assert.Equal((400, "authorization-expired", "deadline"), (problem.Status, problem.Slug, problem.Field));
            Assert.Equal(ChainTime, problem.Extensions["chainTime"]);
            Assert.Contains("The deadline 100 has passed on the chain", problem.Message);
        }
    }

    [Fact]
    public async Task A_custodial_write_whose_signed_authorisation_expired_when_mined_is_a_503_naming_no_field()
    {
        var mined = new ApiProblemException(400, "authorization-expired", "The authorisation has expired.", "The deadline 100 has passed.", "deadline");
        foreach (var problem in new[]
                 {
                     await RefusedAsync<RegisterWorkCommand, WriteOutcome<RegisteredWork>>(Mint(apiKey: "dc_key"), mined),
                     await RefusedAsync<TransferWorkCommand, WriteOutcome<TransferResult>>(Transfer(apiKey: "dc_key"), Expired),
                 })
        {
            Assert.Equal((503, "authorization-expired", null), (problem.Status, problem.Slug, problem.Field));
            Assert.Equal(ChainTime, problem.Extensions["chainTime"]);
        }
    }

    [Fact]
    public async Task Other_refusals_pass_through_as_they_are()
    {
        var other = new ContractRevertedException(new ContractError("InvalidSignature", new Dictionary<string, string>()));
        var thrown = await Assert.ThrowsAsync<ContractRevertedException>(async () =>
            await new AuthorizationExpiryBehavior<TransferWorkCommand, WriteOutcome<TransferResult>>(_chainClock)
                .Handle(Transfer(apiKey: null), (_, _) => throw other, default));
        Assert.Same(other, thrown);
    }
}
