using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace DigitalCollections.Api.Chain;

// The errors only the operator's calls meet (an unfreeze of a token not frozen, an unpause of a running
// collection). The API checks both before sending; these name the revert when the state changed in between.

[Error("TokenNotFrozen")]
public class TokenNotFrozenError
{
    [Parameter("uint256", "tokenId", 1)] public BigInteger TokenId { get; set; }
}

[Error("ExpectedPause")]
public class ExpectedPauseError;
