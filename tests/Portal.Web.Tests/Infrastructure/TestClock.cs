namespace Portal.Web.Tests.Infrastructure;

/// <summary>A clock the test moves (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
