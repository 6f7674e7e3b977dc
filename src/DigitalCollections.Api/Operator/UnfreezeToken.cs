using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Operator;

/// <summary>unfreeze(tokenId): lifts the operator's freeze.</summary>
public sealed record UnfreezeTokenCommand(string TokenId, string Actor, bool RespondAsync) : IRequest<TransactionView>, IUsesDeploymentChain;

public sealed class UnfreezeTokenValidator : Validator<UnfreezeTokenCommand>
{
    public UnfreezeTokenValidator() => RuleFor(c => c.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class UnfreezeTokenHandler(IContractReader contract, OperatorWriter writer) : IRequestHandler<UnfreezeTokenCommand, TransactionView>
{
    public async ValueTask<TransactionView> Handle(UnfreezeTokenCommand command, CancellationToken ct)
    {
        var tokenId = long.Parse(command.TokenId);
        var rules = await contract.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        // The contract would revert with TokenNotFrozen: said here, with nothing sent.
        if (!rules.Frozen)
            throw new ApiProblemException(409, "token-not-frozen", "The token is not frozen.",
                $"Token {tokenId} is not frozen; there is nothing to unfreeze.", "tokenId");
        return await writer.SendAsync(new OperatorCall(
            TransactionKinds.Unfreeze, OperatorRole.Operator, OperatorEncoding.UnfreezeCallData(tokenId), tokenId,
            new OperatorRequest("unfreeze", command.Actor, tokenId), command.Actor, AuditActions.TokenUnfrozen, command.RespondAsync), ct);
    }
}

public static class UnfreezeTokenEndpoint
{
    public static void MapUnfreezeToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/admin/tokens/{tokenId}/unfreeze", async (string tokenId, HttpContext context, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new UnfreezeTokenCommand(tokenId, context.AdminCaller().Actor, context.Request.PrefersRespondAsync()), ct))
                .ToResult(context))
            .OperatorRoute("UnfreezeToken", "Lift a token's freeze (OPERATOR_ROLE, scope operator)");
}
