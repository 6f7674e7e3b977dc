using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using FluentValidation;

namespace DigitalCollections.Api.Works;

public sealed class RegisterWorkValidator : Validator<RegisterWorkCommand>
{
    public const int MaxRoyaltyBps = 1000;
    /// <summary>An edition is minted in one transaction: 10,000 tokens at ~2,300 gas each fit a 30M block.</summary>
    public const int MaxEditionSize = 10_000;
    /// <summary>Each chosen recipient's token costs a storage write (~25,000 gas): 500 fit one transaction.</summary>
    public const int MaxRecipients = 500;
    /// <summary>The contract stores holds in 40 bits; ten years is the API's bound.</summary>
    public const long MaxHoldSeconds = 10L * 366 * 24 * 3600;

    public RegisterWorkValidator(TimeProvider clock)
    {
        RuleFor(c => c.Content).NotNull().OverridePropertyName("file").WithMessage("'file' is required: send the work's bytes as a multipart file part.");
        RuleFor(c => c.Content!.Size).GreaterThan(0).When(c => c.Content is not null).OverridePropertyName("file")
            .WithMessage("'file' must not be empty.");
        RuleFor(c => c.Title).NotEmpty().WithName("title").Must(t => t!.Trim().Length is >= 1 and <= 200)
            .WithMessage("'title' must be 1 to 200 characters.");
        RuleFor(c => c.Description).MaximumLength(5000).WithName("description");
        RuleFor(c => c.RoyaltyBps).InclusiveBetween(0, MaxRoyaltyBps).WithName("royaltyBps")
            .WithMessage("'royaltyBps' must be between 0 and 1000 (10%).");
        RuleFor(c => c.To).MustBeAddress().When(c => c.To is not null).WithName("to");
        RuleFor(c => c.To).Must(t => !Formats.IsZeroAddress(t)).When(c => c.To is not null).WithName("to")
            .WithMessage("'to' must not be the zero address.");

        RuleFor(c => c.EditionSize).InclusiveBetween(1, MaxEditionSize).WithName("editionSize")
            .WithMessage($"'editionSize' must be between 1 and {MaxEditionSize:N0}.");
        RuleFor(c => c.HoldSeconds).InclusiveBetween(0, MaxHoldSeconds).WithName("holdSeconds")
            .WithMessage($"'holdSeconds' must be between 0 and {MaxHoldSeconds} (ten years).");
        RuleFor(c => c.Recipients!.Count).Equal(c => c.EditionSize).When(c => c.Recipients is not null).OverridePropertyName("recipients")
            .WithMessage("'recipients' must name one owner per token: as many addresses as 'editionSize'.");
        RuleFor(c => c.Recipients!.Count).LessThanOrEqualTo(MaxRecipients).When(c => c.Recipients is not null).OverridePropertyName("recipients")
            .WithMessage($"'recipients' can name at most {MaxRecipients} owners in one registration.");
        RuleForEach(c => c.Recipients).Must(r => Formats.IsAddress(r) && !Formats.IsZeroAddress(r)).When(c => c.Recipients is not null)
            .OverridePropertyName("recipients").WithMessage("Every recipient must be a non-zero 0x address.");
        When(c => c.ApiKey is null, () =>
        {
            RuleFor(c => c.OnBehalfOf).Null().WithName("onBehalfOf")
                .WithMessage("'onBehalfOf' needs an admin key with scope works:create.");
            RuleFor(c => c.Recipients).Null().WithName("recipients")
                .WithMessage("'recipients' needs the creator's EditionRecipients signature, which only a custodial registration makes here; send an API key.");
            RuleFor(c => c.Creator).NotEmpty().WithName("creator")
                .WithMessage("'creator' is required for a self-signed mint (or send a custodial account's API key).")
                .MustBeAddress();
            RuleFor(c => c.Deadline).NotNull().WithName("deadline")
                .WithMessage("'deadline' (Unix seconds) is required for a self-signed mint.")
                .MustBeFutureDeadline(clock);
            RuleFor(c => c.Signature).NotEmpty().WithName("signature")
                .WithMessage("'signature' (the creator's EIP-712 MintAuthorization signature) is required for a self-signed mint.")
                .MustBeSignature();
        });
        When(c => c.ApiKey is not null, () =>
        {
            RuleFor(c => c.Signature).Null().WithName("signature")
                .WithMessage("Send either a creator's signature or an API key, not both.");
            RuleFor(c => c.Creator).Null().WithName("creator")
                .WithMessage("A custodial mint's creator is the API key's account; leave 'creator' out.");
        });
    }
}
