using System.Numerics;
using DigitalCollections.Api.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The operator's calls and the views guarding them are byte for byte what Nethereum encodes from the ABI.</summary>
public class OperatorEncodingTests
{
    [Function("pause")] public sealed class PauseFunction : FunctionMessage;
    [Function("unpause")] public sealed class UnpauseFunction : FunctionMessage;
    [Function("paused", "bool")] public sealed class PausedFunction : FunctionMessage;
    [Function("minimumHold", "uint64")] public sealed class MinimumHoldFunction : FunctionMessage;

    [Function("setMinimumHold")]
    public sealed class SetMinimumHoldFunction : FunctionMessage
    {
        [Parameter("uint64", "holdSeconds", 1)] public ulong HoldSeconds { get; set; }
    }

    [Function("hasRole", "bool")]
    public sealed class HasRoleFunction : FunctionMessage
    {
        [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
        [Parameter("address", "account", 2)] public string Account { get; set; } = "";
    }

    [Fact]
    public void Freeze_and_unfreeze_are_Nethereums()
    {
        Assert.Equal(new FreezeFunction { TokenId = 123_456, ReasonCode = uint.MaxValue }.GetCallData().ToHex(true),
            OperatorEncoding.FreezeCallData(123_456, uint.MaxValue));
        Assert.Equal(new FreezeFunction { TokenId = 1, ReasonCode = 0 }.GetCallData().ToHex(true), OperatorEncoding.FreezeCallData(1, 0));
        Assert.Equal(new UnfreezeFunction { TokenId = new BigInteger(long.MaxValue) }.GetCallData().ToHex(true),
            OperatorEncoding.UnfreezeCallData(long.MaxValue));
    }

    [Fact]
    public void Pause_unpause_minimum_hold_and_the_views_are_Nethereums()
    {
        Assert.Equal(new PauseFunction().GetCallData().ToHex(true), OperatorEncoding.PauseCallData());
        Assert.Equal(new UnpauseFunction().GetCallData().ToHex(true), OperatorEncoding.UnpauseCallData());
        Assert.Equal(new PausedFunction().GetCallData().ToHex(true), OperatorEncoding.PausedCallData());
        Assert.Equal(new MinimumHoldFunction().GetCallData().ToHex(true), OperatorEncoding.MinimumHoldCallData());
        Assert.Equal(new SetMinimumHoldFunction { HoldSeconds = 315_273_600 }.GetCallData().ToHex(true), OperatorEncoding.SetMinimumHoldCallData(315_273_600));
        const string account = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        Assert.Equal(new HasRoleFunction { Role = OperatorEncoding.OperatorRole, Account = account }.GetCallData().ToHex(true),
            OperatorEncoding.HasRoleCallData(OperatorEncoding.OperatorRole, account));
    }

    [Fact]
    public void The_roles_are_the_contracts_keccak_of_their_names()
    {
        // OpenZeppelin's well-known PAUSER_ROLE hash.
        Assert.Equal("0x65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a", OperatorEncoding.PauserRole.ToHex(true));
        Assert.Equal(Nethereum.Util.Sha3Keccack.Current.CalculateHash("OPERATOR_ROLE"u8.ToArray()), OperatorEncoding.OperatorRole);
    }
}
