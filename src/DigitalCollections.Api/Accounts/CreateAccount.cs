using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Accounts;

/// <summary>Create a custodial account: the service keeps its key (encrypted) and signs for it on API-key calls.</summary>
public sealed record CreateAccountCommand(string? Name) : IRequest<CreatedAccount>;

/// <summary>JSON body of POST /api/v1/accounts.</summary>
public sealed record CreateAccountBody(string? Name);

/// <summary>The API key is shown only here, once; the service keeps only its hash.</summary>
public sealed record CreatedAccount(string Address, string Name, string ApiKey);

public sealed class CreateAccountValidator : Validator<CreateAccountCommand>
{
    public CreateAccountValidator() =>
        RuleFor(c => c.Name).NotEmpty().WithName("name").WithMessage("'name' is required.")
            .Must(n => n!.Trim().Length is >= 1 and <= 100).WithMessage("'name' must be 1 to 100 characters.");
}

public sealed class CreateAccountHandler(AppDbContext db, CustodialKeyVault vault, TimeProvider clock)
    : IRequestHandler<CreateAccountCommand, CreatedAccount>
{
    public async ValueTask<CreatedAccount> Handle(CreateAccountCommand command, CancellationToken ct)
    {
        var (address, privateKey) = ChainKeys.Generate();
        var (apiKey, keyId, secretHash) = ApiKeys.Create();
        var name = command.Name!.Trim();
        db.Accounts.Add(new CustodialAccount
        {
            Address = address,
            Name = name,
            KeyId = keyId,
            ApiKeyHash = secretHash,
            EncryptedPrivateKey = vault.Encrypt(privateKey, address),
            CreatedAt = clock.GetUtcNow(),
        });
        Array.Clear(privateKey);
        await db.SaveChangesAsync(ct);
        return new CreatedAccount(address, name, apiKey);
    }
}

public static class CreateAccountEndpoint
{
    public static void MapCreateAccount(this IEndpointRouteBuilder api) =>
        api.MapPost("/accounts", async (CreateAccountBody? body, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                // Open on chain 31337 unless configured otherwise; elsewhere only an admin key with accounts:create (Admin/AdminOptions.cs).
                var services = request.HttpContext.RequestServices;
                if (services.GetRequiredService<IOptions<AdminOptions>>().Value.RequiresKeyToCreateAccounts(services.GetRequiredService<Deployment>().ChainId))
                    await services.GetRequiredService<AdminAuthenticator>().AuthenticateAsync(request.BearerToken(), AdminScopes.AccountsCreate, ct);
                var account = await mediator.Send(new CreateAccountCommand(body?.Name), ct);
                return Results.Created($"/api/v1/accounts/{account.Address}", account);
            })
            .WithName("CreateAccount")
            .RateLimited(RateLimitPolicies.Accounts)
            .AcceptsAnonymous().AcceptsScope(AdminScopes.AccountsCreate) // open, or restricted by Admin:AccountCreationRequiresKey
            .WithTags("Accounts")
            .WithSummary("Create a custodial account; the API key in the answer is shown once")
            .Accepts<CreateAccountBody>("application/json")
            .Produces<CreatedAccount>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
