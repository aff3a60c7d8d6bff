using System.Runtime.CompilerServices;
using Portal.Core.Accounts;
using Portal.Core.Mail;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Tests.Mail;

/// <summary>Every notice a Core command can raise has its e-mail: a new notice without one fails here, not in the outbox.</summary>
public sealed class SecurityNoticeMailTests
{
    public static TheoryData<Type> Notices =>
        [.. typeof(SecurityNotice).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(SecurityNotice)))];

    [Fact]
    public void Core_raises_notices() => Assert.NotEmpty(Notices);

    [Theory]
    [MemberData(nameof(Notices))]
    public void Every_notice_has_a_registered_email(Type notice)
    {
        var person = new PortalUser { Email = "someone@office.example" };

        var email = SecurityNoticeMail.EmailFor(person, (SecurityNotice)RuntimeHelpers.GetUninitializedObject(notice));

        Assert.True(MailTemplates.All.ContainsKey(MailTemplates.NameOf(email)));
    }
}
