using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Operator;

/// <summary>freeze(tokenId, reasonCode): every transfer of the token is refused (403 token-frozen) until unfrozen.</summary>
public sealed record FreezeTokenCommand(string TokenId, long? ReasonCode, string Actor, bool RespondAsync)
    : IRequest<TransactionView>, IUsesDeploymentChain;

/// <summary>JSON body of POST /api/v1/admin/tokens/{tokenId}/freeze.</summary>
/// <param name="ReasonCode">The operator's reason code, 0 to 4294967295 (a uint32; its meaning is the operator's), shown as frozenReason.</param>
public sealed record FreezeTokenBody(long? ReasonCode);

public sealed class FreezeTokenValidator : Validator<FreezeTokenCommand>
{
    public FreezeTokenValidator()
    {
        RuleFor(c => c.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(c => c.ReasonCode).NotNull().WithName("reasonCode").WithMessage("'reasonCode' (0 to 4294967295) is required.")
            .InclusiveBetween(0, uint.MaxValue).WithName("reasonCode");
    }
}

public sealed class FreezeTokenHandler(IContractReader contract, OperatorWriter writer) : IRequestHandler<FreezeTokenCommand, TransactionView>
{
    public async ValueTask<TransactionView> Handle(FreezeTokenCommand command, CancellationToken ct)
    {
        var tokenId = long.Parse(command.TokenId);
        var reason = (uint)command.ReasonCode!.Value;
        var rules = await contract.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        // Freezing a frozen token only changes its reason code: the same code again would change nothing.
        if (rules.Frozen && rules.FrozenReason == (int)reason)
            throw new ApiProblemException(409, "token-already-frozen", "The token is frozen already.",
                $"Token {tokenId} is frozen already with reason code {reason}. Send another reason code to change it, or unfreeze it.", "tokenId");
        return await writer.SendAsync(new OperatorCall(
            TransactionKinds.Freeze, OperatorRole.Operator, OperatorEncoding.FreezeCallData(tokenId, reason), tokenId,
            new OperatorRequest("freeze", command.Actor, tokenId, reason), command.Actor, AuditActions.TokenFrozen, command.RespondAsync), ct);
    }
}

public static class FreezeTokenEndpoint
{
    public static void MapFreezeToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/admin/tokens/{tokenId}/freeze", async (string tokenId, FreezeTokenBody? body, HttpContext context, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new FreezeTokenCommand(tokenId, body?.ReasonCode, context.AdminCaller().Actor, context.Request.PrefersRespondAsync()), ct))
                .ToResult(context))
            .OperatorRoute("FreezeToken", "Freeze a token with a reason code: its transfers are refused until unfrozen (OPERATOR_ROLE, scope operator)")
            .Accepts<FreezeTokenBody>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
