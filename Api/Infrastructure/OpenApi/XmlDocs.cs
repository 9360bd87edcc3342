using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>The <c>///</c> summaries of the Api and Domain assemblies, for the places Swashbuckle's
/// own XML comment filters do not reach: parameters the operation filter builds from DTO properties,
/// enum values and error codes.</summary>
public static partial class XmlDocs
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    /// <summary>The XML documentation files the contract is described from.</summary>
    public static IEnumerable<string> Files =>
        new[] { typeof(XmlDocs).Assembly, typeof(Domain.Common.RuleViolation).Assembly }
            .Select(a => Path.ChangeExtension(a.Location, ".xml"))
            .Where(File.Exists);

    public static string? For(MemberInfo member)
    {
        var id = member switch
        {
            Type t => "T:" + Name(t),
            PropertyInfo p => $"P:{Name(p.DeclaringType!)}.{p.Name}",
            FieldInfo f => $"F:{Name(f.DeclaringType!)}.{f.Name}",
            _ => null,
        };
        return id is not null && Summaries.Value.TryGetValue(id, out var text) ? text : null;
    }

    private static string Name(Type type) => (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!.Replace('+', '.');

    private static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            foreach (var member in XDocument.Load(file).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                {
                    result[name] = Clean(summary);
                }
            }
        }

        return result;
    }

    /// <summary>Plain text of a summary: <c>&lt;c&gt;x&lt;/c&gt;</c> becomes <c>`x`</c>, crefs their short name,
    /// the source's line breaks one space.</summary>
    public static string Clean(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" or "paramref" or "typeparamref" } e => "`" + (e.Attribute("name")?.Value ?? e.Value) + "`",
            XElement { Name.LocalName: "see" } e => e.Attribute("cref")?.Value.Split('.', ':')[^1] ?? e.Attribute("langword")?.Value ?? e.Value,
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
