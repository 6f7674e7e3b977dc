using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using FluentValidation;

namespace DigitalCollections.Api.Works;

public sealed class RegisterWorkValidator : Validator<RegisterWorkCommand>
{
    public const int MaxRoyaltyBps = 1000;

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

        When(c => c.ApiKey is null, () =>
        {
            RuleFor(c => c.OnBehalfOf).Null().WithName("onBehalfOf")
                .WithMessage("'onBehalfOf' needs an admin key with scope works:create.");
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
