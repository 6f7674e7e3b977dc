using FluentValidation;

namespace DigitalCollections.Api.Common;

/// <summary>Base for the API's validators: a rule stops at its first failure, so later checks never see a null.</summary>
public abstract class Validator<T> : AbstractValidator<T>
{
    protected Validator() => RuleLevelCascadeMode = CascadeMode.Stop;
}
