using EventScheduler.Api;

namespace EventScheduler.Tests.Api.Infrastructure;

public sealed class CommandLineTests
{
    [Test]
    public void Parse_WhenSeedDemoComesBeforeUrls_KeepsUrlsForTheHost()
    {
        var command = CommandLine.Parse(["--seed-demo", "--urls", "http://127.0.0.1:5099"]);

        Assert.Multiple(() =>
        {
            Assert.That(command.Has(CommandLine.SeedDemoFlag), Is.True);
            Assert.That(command.HostArguments, Is.EqualTo(new[] { "--urls", "http://127.0.0.1:5099" }));
            Assert.That(command.Verb, Is.Null);
        });
    }

    [Test]
    public void Parse_WhenOnlyHostSettingsAreGiven_PassesThemThrough()
    {
        var command = CommandLine.Parse(["--Database:Path=/tmp/x.db", "--urls=http://127.0.0.1:5098"]);

        Assert.Multiple(() =>
        {
            Assert.That(command.Flags, Is.Empty);
            Assert.That(command.HostArguments, Is.EqualTo(new[] { "--Database:Path=/tmp/x.db", "--urls=http://127.0.0.1:5098" }));
        });
    }

    [Test]
    public void Parse_WhenTheFirstArgumentIsAnUnknownVerb_Refuses() =>
        Assert.That(() => CommandLine.Parse(["frobnicate"]), Throws.ArgumentException.With.Message.Contains("Unknown command 'frobnicate'"));

    [Test]
    public void Parse_WhenAServiceFlagIsGivenAValue_Refuses() =>
        Assert.That(() => CommandLine.Parse(["--seed-demo=yes"]), Throws.ArgumentException.With.Message.Contains("takes no value"));
}
