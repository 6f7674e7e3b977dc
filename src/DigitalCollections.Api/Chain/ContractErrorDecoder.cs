using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;
using Newtonsoft.Json.Linq;

namespace DigitalCollections.Api.Chain;

/// <summary>Turns revert data (selector + ABI-encoded arguments) into a <see cref="ContractError"/>.</summary>
public static class ContractErrorDecoder
{
    internal static readonly Type[] KnownErrors =
    [
        typeof(WorkAlreadyRegisteredError), typeof(InvalidSignatureError), typeof(AuthorizationExpiredError),
        typeof(ZeroContentHashError), typeof(ZeroCreatorError), typeof(RoyaltyTooHighError),
        typeof(InvalidTransferNonceError), typeof(NonexistentTokenError), typeof(IncorrectOwnerError),
        typeof(InvalidReceiverError), typeof(EnforcedPauseError), typeof(UnauthorizedAccountError),
        typeof(TokenHeldError), typeof(TokenIsFrozenError), typeof(TokenLockedError), typeof(InvalidEditionSizeError),
        typeof(EditionExhaustedError), typeof(HoldTooLongError), typeof(TokenNotFrozenError), typeof(ExpectedPauseError),
        typeof(InvalidMetadataNonceError),
    ];

    public static ContractError? Decode(string? revertData)
    {
        if (string.IsNullOrEmpty(revertData) || !Formats.IsHexBytes(revertData) || revertData.Length < 10)
            return null;
        var exception = new SmartContractCustomErrorRevertException(revertData);
        foreach (var type in KnownErrors)
        {
            if (!exception.IsCustomErrorFor(type)) continue;
            var decoded = exception.DecodeError(type);
            var name = ((ErrorAttribute)Attribute.GetCustomAttribute(type, typeof(ErrorAttribute))!).Name;
            var args = type.GetProperties()
                .Select(p => (Attr: (ParameterAttribute?)Attribute.GetCustomAttribute(p, typeof(ParameterAttribute)), Prop: p))
                .Where(x => x.Attr is not null)
                .ToDictionary(x => x.Attr!.Name, x => FormatValue(x.Prop.GetValue(decoded)));
            return new ContractError(name, args);
        }
        return new ContractError("Unknown", new Dictionary<string, string> { ["data"] = revertData });
    }

    /// <summary>
    /// The error a selector alone names (a batch's skip event carries only the selector), with the arguments
    /// the caller knows; null for a selector the API does not know.
    /// </summary>
    public static ContractError? FromSelector(string selector, IReadOnlyDictionary<string, string>? arguments = null)
    {
        if (!Formats.IsHexBytes(selector) || selector.Length != 10) return null;
        var exception = new SmartContractCustomErrorRevertException(selector);
        var type = KnownErrors.FirstOrDefault(exception.IsCustomErrorFor);
        return type is null ? null
            : new ContractError(((ErrorAttribute)Attribute.GetCustomAttribute(type, typeof(ErrorAttribute))!).Name,
                arguments ?? new Dictionary<string, string>());
    }

    /// <summary>Finds revert data in whatever Nethereum threw for a reverted call or gas estimate.</summary>
    public static ContractError? FromException(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SmartContractCustomErrorRevertException custom:
                    return Decode(custom.ExceptionEncodedData);
                case RpcResponseException rpc when rpc.RpcError is not null:
                    var data = ExtractHex(rpc.RpcError.Data);
                    if (data is not null) return Decode(data);
                    break;
            }
        }
        return null;
    }

    private static string? ExtractHex(object? data) => data switch
    {
        null => null,
        string s when s.StartsWith("0x", StringComparison.Ordinal) => s,
        JValue v => ExtractHex(v.Value),
        JObject o => ExtractHex(o["data"]),
        _ => null,
    };

    private static string FormatValue(object? value) => value switch
    {
        byte[] bytes => Formats.ToHex(bytes),
        BigInteger n => n.ToString(),
        string s when Formats.IsAddress(s) => AddressUtil.Current.ConvertToChecksumAddress(s),
        null => "",
        _ => value.ToString() ?? "",
    };
}
