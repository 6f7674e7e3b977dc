using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Operator;

/// <summary>setMinimumHold(holdSeconds): no token leaves an owner until this long after it arrived (the longer of this and its work's hold).</summary>
public sealed record SetMinimumHoldCommand(long? HoldSeconds, string Actor, bool RespondAsync) : IRequest<TransactionView>, IUsesDeploymentChain;

/// <summary>JSON body of PUT /api/v1/admin/collection/minimum-hold.</summary>
/// <param name="HoldSeconds">The collection's minimum hold in seconds, 0 (none) to 316,224,000 (ten years of 366 days, the bound of a work's own hold).</param>
public sealed record SetMinimumHoldBody(long? HoldSeconds);

public sealed class SetMinimumHoldValidator : Validator<SetMinimumHoldCommand>
{
    public SetMinimumHoldValidator() =>
        RuleFor(c => c.HoldSeconds).NotNull().WithName("holdSeconds")
            .WithMessage($"'holdSeconds' (0 to {RegisterWorkValidator.MaxHoldSeconds}) is required.")
            .InclusiveBetween(0, RegisterWorkValidator.MaxHoldSeconds).WithName("holdSeconds");
}

public sealed class SetMinimumHoldHandler(OperatorReader reader, OperatorWriter writer) : IRequestHandler<SetMinimumHoldCommand, TransactionView>
{
    public async ValueTask<TransactionView> Handle(SetMinimumHoldCommand command, CancellationToken ct)
    {
        var hold = command.HoldSeconds!.Value;
        if (await reader.MinimumHoldAsync(ct) == hold)
            throw new ApiProblemException(409, "minimum-hold-unchanged", "The minimum hold is that already.",
                $"The collection's minimum hold is {hold} seconds already; nothing to change.", "holdSeconds");
        return await writer.SendAsync(new OperatorCall(
            TransactionKinds.MinimumHold, OperatorRole.Operator, OperatorEncoding.SetMinimumHoldCallData(hold), null,
            new OperatorRequest("minimum-hold", command.Actor, HoldSeconds: hold), command.Actor, AuditActions.MinimumHoldSet, command.RespondAsync), ct);
    }
}

public static class SetMinimumHoldEndpoint
{
    public static void MapSetMinimumHold(this IEndpointRouteBuilder api) =>
        api.MapPut("/admin/collection/minimum-hold", async (SetMinimumHoldBody? body, HttpContext context, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new SetMinimumHoldCommand(body?.HoldSeconds, context.AdminCaller().Actor, context.Request.PrefersRespondAsync()), ct))
                .ToResult(context))
            .OperatorRoute("SetMinimumHold", "Set the collection's minimum hold in seconds (OPERATOR_ROLE, scope operator)")
            .Accepts<SetMinimumHoldBody>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
