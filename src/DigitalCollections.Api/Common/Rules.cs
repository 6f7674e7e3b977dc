using DigitalCollections.Api.Chain;
using FluentValidation;

namespace DigitalCollections.Api.Common;

/// <summary>Validation rules shared by several use cases.</summary>
public static class Rules
{
    public static IRuleBuilderOptions<T, string?> MustBeAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Formats.IsAddress).WithMessage("'{PropertyName}' must be a 0x-prefixed 20-byte hex address.");

    public static IRuleBuilderOptions<T, string?> MustBeContentHash<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Formats.IsContentHash).WithMessage("'{PropertyName}' must be 0x followed by 64 hex digits (SHA-256).");

    public static IRuleBuilderOptions<T, string?> MustBeSignature<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => Formats.IsHexBytes(s) && s!.Length <= 2 + 2 * 4096)
            .WithMessage("'{PropertyName}' must be 0x-prefixed hex bytes (65 bytes for an account key; ERC-1271 wallets may use other lengths).");

    public static IRuleBuilderOptions<T, string?> MustBeTokenId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => long.TryParse(s, System.Globalization.NumberStyles.None, null, out var id) && id > 0)
            .WithMessage("'{PropertyName}' must be a positive whole number.");

    public static IRuleBuilderOptions<T, long?> MustBeFutureDeadline<T>(this IRuleBuilder<T, long?> rule, TimeProvider clock) =>
        rule.Must(d => d > clock.GetUtcNow().ToUnixTimeSeconds())
            .WithMessage("'{PropertyName}' must be a Unix time in seconds that has not passed yet.");
}
