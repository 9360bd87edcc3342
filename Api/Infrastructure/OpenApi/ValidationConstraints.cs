using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>What the FluentValidation validators of the Api assembly say about one DTO property, in
/// JSON Schema terms: unconditional NotNull/NotEmpty make it required, lengths become
/// minLength/maxLength, comparisons and ranges minimum/maximum, Matches a pattern,
/// <see cref="MaxCountValidator{T,TItem}"/> maxItems. Rules reached through a nested member
/// (<c>RuleFor(x => x.Venue!.Name)</c>) or child rules (<c>RuleForEach(...).ChildRules(...)</c>) apply to
/// the nested type. Conditional rules (<c>When</c>) never make a property required.</summary>
public sealed class ValidationConstraints
{
    private static readonly Lazy<ConcurrentDictionary<(Type, string), ValidationConstraints>> All = new(Scan);

    public bool Required { get; private set; }
    public int? MinLength { get; private set; }
    public int? MaxLength { get; private set; }
    public decimal? Minimum { get; private set; }
    public decimal? Maximum { get; private set; }
    public bool ExclusiveMinimum { get; private set; }
    public bool ExclusiveMaximum { get; private set; }
    public string? Pattern { get; private set; }
    public string? Format { get; private set; }
    public int? MinItems { get; private set; }
    public int? MaxItems { get; private set; }

    /// <param name="type">The DTO as the schema or operation sees it (e.g. Meetings.Create.Request).</param>
    public static ValidationConstraints? For(Type type, string property) =>
        All.Value.TryGetValue((type, property), out var found) ? found : null;

    /// <summary>Writes the constraints into a property's (or parameter's) schema. Required is the
    /// parent's business; here it only removes null from the type.</summary>
    public void ApplyTo(OpenApiSchema schema, bool asParameter = false)
    {
        if (Required && !asParameter)
        {
            schema.Type &= ~JsonSchemaType.Null;
        }

        var isArray = schema.Type?.HasFlag(JsonSchemaType.Array) ?? false;
        var isString = schema.Type?.HasFlag(JsonSchemaType.String) ?? false;
        if (isString)
        {
            schema.MinLength = MinLength ?? schema.MinLength;
            schema.MaxLength = MaxLength ?? schema.MaxLength;
            schema.Pattern = Pattern ?? schema.Pattern;
            schema.Format = Format ?? schema.Format;
        }

        if (isArray)
        {
            schema.MinItems = MinItems ?? schema.MinItems;
            schema.MaxItems = MaxItems ?? schema.MaxItems;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Integer) ?? false || (schema.Type?.HasFlag(JsonSchemaType.Number) ?? false))
        {
            if (Minimum is { } min)
            {
                schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
                if (ExclusiveMinimum)
                {
                    schema.ExclusiveMinimum = schema.Minimum;
                }
            }

            if (Maximum is { } max)
            {
                schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
                if (ExclusiveMaximum)
                {
                    schema.ExclusiveMaximum = schema.Maximum;
                }
            }
        }
    }

    private static ConcurrentDictionary<(Type, string), ValidationConstraints> Scan()
    {
        var result = new ConcurrentDictionary<(Type, string), ValidationConstraints>();
        var validators = typeof(ValidationConstraints).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IValidator).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is not null);
        foreach (var type in validators)
        {
            var validator = (IValidator)Activator.CreateInstance(type)!;
            if (ValidatedType(type) is { } target)
            {
                Collect(validator, target, topLevel: true, result);
            }
        }

        return result;
    }

    private static Type? ValidatedType(Type validatorType)
    {
        for (var t = validatorType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static void Collect(IValidator validator, Type target, bool topLevel, ConcurrentDictionary<(Type, string), ValidationConstraints> into)
    {
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            if (rule.PropertyName is not { Length: > 0 } path)
            {
                continue;
            }

            // Walk "Venue.Name" from the validated type to the property's declaring type.
            var owner = target;
            var parts = path.Split('.');
            foreach (var part in parts[..^1])
            {
                var next = Property(owner, part)?.PropertyType;
                if (next is null)
                {
                    owner = null!;
                    break;
                }

                owner = Nullable.GetUnderlyingType(next) ?? next;
            }

            var property = owner is null ? null : Property(owner, parts[^1]);
            if (property is null)
            {
                continue;
            }

            var collection = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            // Keyed by the type walked to, not the declaring one: Create and Update requests share MeetingBody
            // but only Create requires a title.
            var constraints = into.GetOrAdd((owner!, property.Name), _ => new ValidationConstraints());
            foreach (var component in rule.Components)
            {
                var conditional = component.HasCondition || component.HasAsyncCondition;
                if (component.Validator is IChildValidatorAdaptor child)
                {
                    if (ChildValidator(child) is { } inner && ElementType(property.PropertyType) is { } element)
                    {
                        // A condition on the list (When(list is not null)) says nothing about which item fields are required.
                        Collect(inner, element, topLevel: true, into);
                    }

                    continue;
                }

                if (collection)
                {
                    // RuleForEach(...).NotNull(): about the items, not the list.
                    continue;
                }

                constraints.Add(component.Validator, required: topLevel && parts.Length == 1 && !conditional);
            }
        }
    }

    private void Add(IPropertyValidator validator, bool required)
    {
        switch (validator)
        {
            case INotNullValidator:
                Required |= required;
                break;
            case INotEmptyValidator:
                Required |= required;
                MinLength = Math.Max(MinLength ?? 0, 1);
                MinItems = Math.Max(MinItems ?? 0, 1);
                break;
            case ILengthValidator length:
                MinLength = length.Min > 0 ? length.Min : MinLength;
                MaxLength = length.Max > 0 ? length.Max : MaxLength;
                break;
            case IBetweenValidator between when Number(between.From) is { } from && Number(between.To) is { } to:
                (Minimum, Maximum) = (from, to);
                ExclusiveMinimum = ExclusiveMaximum = validator.Name == "ExclusiveBetweenValidator";
                break;
            case IComparisonValidator { MemberToCompare: null } comparison when Number(comparison.ValueToCompare) is { } value:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan or Comparison.GreaterThanOrEqual:
                        (Minimum, ExclusiveMinimum) = (value, comparison.Comparison == Comparison.GreaterThan);
                        break;
                    case Comparison.LessThan or Comparison.LessThanOrEqual:
                        (Maximum, ExclusiveMaximum) = (value, comparison.Comparison == Comparison.LessThan);
                        break;
                }

                break;
            case IRegularExpressionValidator regex:
                Pattern = regex.Expression;
                break;
            case IEmailValidator:
                Format = "email";
                break;
            case IMaxCountValidator count:
                MaxItems = count.Max;
                break;
        }
    }

    private static decimal? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        decimal d => d,
        double d => (decimal)d,
        _ => null,
    };

    /// <summary>FastEndpoints names rules in camelCase (its property name resolver), C# in PascalCase.</summary>
    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>FluentValidation keeps the child validator (ChildRules, SetValidator) in a private field.</summary>
    private static IValidator? ChildValidator(IChildValidatorAdaptor adaptor) =>
        adaptor.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => typeof(IValidator).IsAssignableFrom(f.FieldType))
            .Select(f => f.GetValue(adaptor) as IValidator)
            .FirstOrDefault(v => v is not null);
}
