using System.Text.Json;

namespace EventScheduler.Api.Infrastructure;

/// <summary>PATCH bodies are JSON merge patches (RFC 7396): a field left out keeps its value, a field
/// sent as null is cleared. The typed DTO cannot tell "absent" from "null", so this reads which
/// top-level fields the (buffered) body actually contained.</summary>
public sealed class MergePatch
{
    private readonly HashSet<string> _present;

    private MergePatch(HashSet<string> present) => _present = present;

    public static async Task<MergePatch> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    present.Add(property.Name);
                }
            }
        }

        return new MergePatch(present);
    }

    public bool Has(string field) => _present.Contains(field);

    public T Pick<T>(string field, T patched, T current) => Has(field) ? patched : current;
}
