using Portal.Core.Mail;

namespace Portal.Core.Tests.Mail;

public sealed class OutboxPolicyTests
{
    [Fact]
    public void The_first_retry_comes_within_a_minute_and_the_waits_grow_to_at_most_an_hour()
    {
        Assert.True(OutboxPolicy.RetryDelay(1) <= TimeSpan.FromMinutes(1));
        for (var attempt = 2; attempt < 40; attempt++)
        {
            Assert.True(OutboxPolicy.RetryDelay(attempt) >= OutboxPolicy.RetryDelay(attempt - 1));
            Assert.True(OutboxPolicy.RetryDelay(attempt) <= TimeSpan.FromHours(1));
        }

        Assert.Equal(TimeSpan.FromHours(1), OutboxPolicy.RetryDelay(1_000));
    }

    [Fact]
    public void A_failing_message_is_retried_for_at_least_a_day_before_it_is_given_up() =>
        Assert.True(OutboxPolicy.GiveUpAfter >= TimeSpan.FromHours(24));
}
