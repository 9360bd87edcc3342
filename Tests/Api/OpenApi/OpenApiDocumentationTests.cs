namespace EventScheduler.Tests.Api.OpenApi;

/// <summary>Every operation, parameter and property of the contract says what it is, and every request
/// body and success response shows an example. The descriptions come from the code's <c>///</c> docs
/// (and the endpoints' Summary): a failure here names what to document.</summary>
public sealed class OpenApiDocumentationTests : ApiTestBase
{
    private JsonNode _doc = null!;

    [OneTimeSetUp]
    public async Task LoadDocument()
    {
        var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        await Expect(response, HttpStatusCode.OK);
        _doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private IEnumerable<(string Where, JsonNode Operation)> Operations() =>
        _doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Select(o => ($"{o.Key.ToUpperInvariant()} {p.Key}", o.Value!)));

    private static bool Described(JsonNode? node) => !string.IsNullOrWhiteSpace(node?["description"]?.GetValue<string>());

    [Test]
    public void EveryOperation_HasSummaryAndDescription()
    {
        var missing = Operations()
            .Where(o => string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()) || !Described(o.Operation))
            .Select(o => o.Where)
            .ToList();

        Assert.That(missing, Is.Empty, "Give these endpoints Summary(s => { s.Summary = ...; s.Description = ...; }).");
    }

    [Test]
    public void EveryParameter_HasDescription()
    {
        var missing = Operations()
            .SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? []).Where(p => !Described(p))
                .Select(p => $"{o.Where}: {p!["in"]} {p["name"]}"))
            .ToList();

        Assert.That(missing, Is.Empty, "Document these request properties with /// <summary>.");
    }

    [Test]
    public void EveryProperty_HasDescription()
    {
        var schemas = _doc["components"]!["schemas"]!.AsObject();
        var missing = new List<string>();
        foreach (var (name, schema) in schemas)
        {
            foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
            {
                // A bare reference is described by the schema it points to.
                var target = value!["$ref"]?.GetValue<string>() is { } reference ? schemas[reference.Split('/')[^1]] : null;
                if (!Described(value) && !Described(target))
                {
                    missing.Add($"{name}.{property}");
                }
            }
        }

        Assert.That(missing, Is.Empty, "Document these properties with /// <summary> (they become the contract's descriptions).");
    }

    [Test]
    public void EveryJsonBodyAndSuccessResponse_HasExample()
    {
        var missing = new List<string>();
        foreach (var (where, operation) in Operations())
        {
            if (operation["requestBody"]?["content"]?["application/json"] is { } body && body["example"] is null)
            {
                missing.Add($"{where} request");
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (status.StartsWith('2') && response!["content"]?["application/json"] is { } media && media["example"] is null)
                {
                    missing.Add($"{where} {status}");
                }
            }
        }

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void MeetingCreateSchema_RequiresWhatTheValidatorRequires()
    {
        var schema = _doc["components"]!["schemas"]!["MeetingsCreateRequest"]!;
        var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(required, Is.SupersetOf(new[] { "title", "startsAt", "endsAt", "hostHospitalId" }));
            Assert.That(schema["properties"]!["title"]!["maxLength"]!.GetValue<int>(), Is.EqualTo(EventScheduler.Domain.Meetings.MeetingDetails.MaxTitleLength));
            Assert.That(schema["properties"]!["title"]!["type"]!.ToJsonString(), Is.EqualTo("\"string\""), "a required field is not nullable");
            Assert.That(schema["properties"]!["venue"]!["anyOf"]![1]!["type"]!.GetValue<string>(), Is.EqualTo("null"), "a nullable reference says so in anyOf");
        });
    }

    [Test]
    public void MeetingPatchSchema_RequiresNothing()
    {
        var schema = _doc["components"]!["schemas"]!["MeetingsUpdateRequest"]!;

        Assert.That(schema["required"], Is.Null);
    }

    [Test]
    public void SignUpResponse_RequiresManageToken()
    {
        var required = _doc["components"]!["schemas"]!["SignUpResponse"]!["required"]!.AsArray().Select(r => r!.GetValue<string>());

        Assert.That(required, Does.Contain("manageToken"));
    }

    [Test]
    public void LimitParameter_StatesItsRange()
    {
        var limit = _doc["paths"]!["/meetings"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;

        Assert.Multiple(() =>
        {
            Assert.That(limit["minimum"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(limit["maximum"]!.GetValue<int>(), Is.EqualTo(200));
        });
    }
}
