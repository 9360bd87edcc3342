using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>A string property (or list of strings) whose values are a closed set kept in code as a static list,
/// e.g. the event types: the contract shows that list as an <c>enum</c> (on the items, for a list), so it can
/// never drift from what the service emits or accepts.</summary>
/// <param name="owner">The type holding the list.</param>
/// <param name="member">A public static field or property of <paramref name="owner"/> that is an enumerable of strings.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireValuesAttribute(Type owner, string member) : Attribute
{
    public IReadOnlyList<string> Values()
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static;
        var value = owner.GetField(member, flags)?.GetValue(null) ?? owner.GetProperty(member, flags)?.GetValue(null);
        return value is IEnumerable values
            ? values.Cast<object>().Select(v => v.ToString()!).ToArray()
            : throw new InvalidOperationException($"{owner.Name}.{member} is not a static list of strings.");
    }

    /// <summary>Puts the values on <paramref name="schema"/> as an enum, or on its items when it is an array.</summary>
    public static void ApplyTo(PropertyInfo property, OpenApiSchema schema)
    {
        if (property.GetCustomAttribute<WireValuesAttribute>() is not { } attribute)
        {
            return;
        }

        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
        var values = attribute.Values();
        target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        var documented = attribute.ValueDocs();
        if (documented.Count > 0)
        {
            var lines = values.Select(v => documented.TryGetValue(v, out var doc) ? $"- `{v}`: {doc}" : $"- `{v}`");
            schema.Description = $"{schema.Description}\n\n{string.Join('\n', lines)}".Trim();
        }
    }

    /// <summary>The summaries of the owner's string constants, by value (the event types' meanings).</summary>
    private Dictionary<string, string> ValueDocs() =>
        owner.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Value: (string)f.GetRawConstantValue()!, Doc: XmlDocs.For(f)))
            .Where(f => f.Doc is not null)
            .ToDictionary(f => f.Value, f => f.Doc!, StringComparer.Ordinal);
}
