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
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "A merge patch must be a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                present.Add(property.Name);
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    // One level down too, so {"venue":{"address":"..."}} changes the address and keeps the name.
                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        present.Add($"{property.Name}.{inner.Name}");
                    }
                }
            }
        }

        return new MergePatch(present);
    }

    public bool Has(string field) => _present.Contains(field);

    public T Pick<T>(string field, T patched, T current) => Has(field) ? patched : current;
}
