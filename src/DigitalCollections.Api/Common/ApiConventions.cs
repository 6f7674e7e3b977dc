using System.Text.Json;
using FluentValidation;

namespace DigitalCollections.Api.Common;

/// <summary>
/// What every slice relies on: requests through Mediator with validation and the chain-identity check in front
/// and an expired authorisation told alike for every write, failures as problem details, one clock, per-key locks and signature checks.
/// </summary>
public static class ApiConventions
{
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // malformed JSON reaches the problem handler
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KeyedLocks>();
        services.AddScoped<SignatureVerifier>();

        services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped; // handlers take the scoped DbContext
            // Outermost first: bad input gets its 400 before the chain is asked; an expired authorisation is told by the chain's clock.
            o.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(ChainIdentityBehavior<,>), typeof(AuthorizationExpiryBehavior<,>)];
        });
        // Singletons: a validator's constructor builds its rules (expression trees, compiled accessors), about 4% of a
        // registration's CPU when done per request; built rules hold no request state, and validators need only the clock.
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

        // Problems the framework writes itself (415 from content-type matching, 404/405 routing) get our types too.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.CustomizeFrameworkProblem);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }
}
