namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Marks a list limit the contract can show as <c>maxItems</c>.</summary>
public interface IMaxCountValidator
{
    int Max { get; }
}

/// <summary>At most <see cref="Max"/> items in a list (null passes). A named validator rather than a
/// <c>Must(...)</c> so the OpenAPI document can state the limit.</summary>
public sealed class MaxCountValidator<T, TItem>(int max) : FluentValidation.Validators.PropertyValidator<T, IReadOnlyList<TItem>?>, IMaxCountValidator
{
    public int Max { get; } = max;

    public override string Name => "MaxCountValidator";

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<TItem>? value) => value is null || value.Count <= Max;

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' takes at most {MaxCount} items.";
}

public static class MaxCountExtensions
{
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> MaxCount<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, int max) =>
        rule.SetValidator(new MaxCountValidator<T, TItem>(max)).WithMessage($"At most {max} items.");
}
