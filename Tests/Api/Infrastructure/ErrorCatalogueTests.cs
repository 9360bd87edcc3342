using System.Reflection;
using System.Text.RegularExpressions;
using EventScheduler.Api.Infrastructure.Errors;

namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>Every code the API can answer with is in the catalogue (and so in the OpenAPI document and at
/// /problems/{code}). Codes are found two ways, so a new one cannot slip past: the code constants of Api and
/// Domain (classes named *Rules, *Codes or ErrorCodes, and constants named *Code), and snake_case literals
/// passed to ApiException, RuleViolation or Problems in the source.</summary>
public sealed partial class ErrorCatalogueTests : ApiTestBase
{
    private static readonly HashSet<string> Catalogued = ErrorCatalogue.All.Select(e => e.Code).ToHashSet();

    private static IEnumerable<(string Code, string Where)> CodeConstants() =>
        new[] { typeof(Program).Assembly, typeof(EventScheduler.Domain.Common.RuleViolation).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)
                            && (t.Name.EndsWith("Rules", StringComparison.Ordinal) || t.Name.EndsWith("Codes", StringComparison.Ordinal) || f.Name.EndsWith("Code", StringComparison.Ordinal)))
                .Select(f => ((string)f.GetRawConstantValue()!, $"{t.Name}.{f.Name}")))
            .Where(c => SnakeCase().IsMatch(c.Item1));

    private static IEnumerable<(string Code, string Where)> CodeLiterals()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "EventScheduler.sln")))
        {
            root = root.Parent!;
        }

        foreach (var file in new[] { "Api", "Domain" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match call in ErrorCall().Matches(text))
            {
                var arguments = text.Substring(call.Index + call.Length, Math.Min(400, text.Length - call.Index - call.Length)).Split(';')[0];
                foreach (Match literal in Literal().Matches(arguments))
                {
                    yield return (literal.Groups[1].Value, Path.GetFileName(file));
                }
            }
        }
    }

    [Test]
    public void CodeConstants_AreAllCatalogued()
    {
        var missing = CodeConstants().Where(c => !Catalogued.Contains(c.Code)).Select(c => $"{c.Code} ({c.Where})").Distinct().ToList();

        Assert.That(missing, Is.Empty, "Add these codes to Api/Infrastructure/Errors/ErrorCatalogue.cs (status, meaning, members).");
    }

    [Test]
    public void CodeLiteralsInErrorCalls_AreAllCatalogued()
    {
        var missing = CodeLiterals().Where(c => !Catalogued.Contains(c.Code)).Select(c => $"{c.Code} ({c.Where})").Distinct().ToList();

        Assert.That(missing, Is.Empty, "Add these codes to Api/Infrastructure/Errors/ErrorCatalogue.cs (status, meaning, members).");
    }

    [Test]
    public void Catalogue_HasEachCodeOnce()
    {
        var duplicates = ErrorCatalogue.All.GroupBy(e => e.Code).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public async Task ProblemType_OfACode_ResolvesToItsDescription()
    {
        var problem = await ExpectProblem(await Anonymous.GetAsync("/no-such-thing"), HttpStatusCode.NotFound, "not_found");

        var page = await Json(await Anonymous.GetAsync(problem["type"]!.GetValue<string>()));

        Assert.Multiple(() =>
        {
            Assert.That(page["code"]!.GetValue<string>(), Is.EqualTo("not_found"));
            Assert.That(page["status"]!.GetValue<int>(), Is.EqualTo(404));
            Assert.That(page["description"]!.GetValue<string>(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task ProblemType_InABrowser_IsAnHtmlPage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/problems/faculty_double_booked");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await Anonymous.SendAsync(request);

        await Expect(response, HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("conflictingMeetingId"));
        });
    }

    [Test]
    public async Task ProblemType_OfAnUnknownCode_Returns404() =>
        await ExpectProblem(await Anonymous.GetAsync("/problems/no_such_code"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task OpenApiDocument_ListsEveryCatalogueCodeOnProblemCode()
    {
        var doc = await Json(await Anonymous.GetAsync("/swagger/v1/swagger.json"));
        var problem = doc["components"]!["schemas"]!["Problem"]!;
        var codes = problem["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.EquivalentTo(Catalogued));
            Assert.That(problem["properties"]!["conflictingSlotId"]!["format"]!.GetValue<string>(), Is.EqualTo("uuid"));
        });
    }

    [GeneratedRegex("^[a-z]+(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"(?:ApiException|RuleViolation\.Invalid|RuleViolation\.Conflict|new RuleViolation|Problems\.WriteAsync|Problems\.Create)\s*\(")]
    private static partial Regex ErrorCall();

    [GeneratedRegex("\"([a-z]+(?:_[a-z0-9]+)+)\"")]
    private static partial Regex Literal();
}
