namespace EventScheduler.Tests.Api.OpenApi;

/// <summary>The committed openapi.json is the contract integrators generate clients from; the served
/// document must equal it. Regenerate with: UPDATE_OPENAPI=1 dotnet test --filter OpenApiContractTests</summary>
public sealed class OpenApiContractTests : ApiTestBase
{
    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventScheduler.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new InvalidOperationException("Repository root (EventScheduler.sln) not found.");
    }

    private async Task<string> ServedAsync()
    {
        var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        await Expect(response, HttpStatusCode.OK);
        // Re-indent so the committed file is stable and diff-friendly.
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    [Test]
    public async Task ServedDocument_EqualsCommittedOpenApiJson()
    {
        var served = await ServedAsync();
        var path = RepoFile("openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.That(served, Is.EqualTo(committed),
            "The served OpenAPI document differs from openapi.json. If the change is intended, run: UPDATE_OPENAPI=1 dotnet test --filter OpenApiContractTests");
    }

    [Test]
    public async Task Document_DescribesBindingTruthfully()
    {
        var doc = JsonNode.Parse(await ServedAsync())!;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                var parameters = op!["parameters"]?.AsArray() ?? [];
                var routeNames = System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value);
                foreach (var name in routeNames)
                {
                    Assert.That(parameters.Any(p => p!["in"]!.GetValue<string>() == "path" && p["name"]!.GetValue<string>() == name), Is.True,
                        $"{where}: path parameter {name} not declared");
                }

                if (method is "get" or "delete")
                {
                    Assert.That(op["requestBody"], Is.Null, $"{where} must not have a body");
                }

                var body = op["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                if (body is not null)
                {
                    var schema = doc["components"]!["schemas"]![body.Split('/')[^1]]!;
                    var properties = schema["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
                    Assert.That(properties.Intersect(routeNames, StringComparer.OrdinalIgnoreCase), Is.Empty, $"{where}: route values inside the body schema");
                    foreach (var p in parameters)
                    {
                        Assert.That(properties, Does.Not.Contain(p!["name"]!.GetValue<string>()), $"{where}: parameter {p["name"]} repeated in body");
                    }
                }

                foreach (var (status, response) in op["responses"]!.AsObject())
                {
                    if (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) >= 400)
                    {
                        Assert.That(response!["content"]?["application/problem+json"], Is.Not.Null, $"{where} {status} is not problem+json");
                    }
                }

                var secured = op["security"] is not null;
                Assert.That(secured || op["responses"]!["401"] is not null, Is.True, $"{where}: 401 not documented");
            }
        }
    }
}
