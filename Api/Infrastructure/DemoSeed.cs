namespace EventScheduler.Api.Infrastructure;

public static class DemoSeed
{
    public static Task<bool> RunAsync(IServiceProvider services, CancellationToken ct) => Task.FromResult(false);
}
