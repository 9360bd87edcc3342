using EventScheduler.Api;

var app = ApiApplication.Build(args);
if (await StartupCommands.RunCommandsAsync(app, args))
{
    return;
}

await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
