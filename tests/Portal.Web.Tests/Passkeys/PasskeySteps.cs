using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Passkeys;

/// <summary>Passkey steps the tests share: a registration verified by Identity's handler, from a software authenticator.</summary>
public static class PasskeySteps
{
    public const string Origin = PortalFactory.BaseUrl;

    /// <summary>Registers a new software passkey for <paramref name="user"/> through the real ceremony; the caller disposes it.</summary>
    public static async Task<SoftwareAuthenticator> AddPasskeyAsync(this PortalFactory factory, PortalUser user)
    {
        var key = new SoftwareAuthenticator();
        Assert.Equal(PasskeyAddStatus.Added, await factory.RegisterPasskeyAsync(user, options => key.Create(options, Origin)));
        return key;
    }

    public static async Task<PasskeyAddStatus> RegisterPasskeyAsync(this PortalFactory factory, PortalUser user, Func<string, string> answer)
    {
        var start = await factory.WithRequestAsync(services => services.GetRequiredService<PasskeyService>().BeginRegistrationAsync(user));
        return await factory.WithRequestAsync(async services =>
        {
            var fresh = await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id.ToString());
            return await services.GetRequiredService<PasskeyService>()
                .FinishRegistrationAsync(fresh!, start!.Token, answer(start.OptionsJson), "Laptop", keepSession: null);
        });
    }

    /// <summary>Runs a service call as one request would: its own scope and HttpContext.</summary>
    public static Task<T> WithRequestAsync<T>(this PortalFactory factory, Func<IServiceProvider, Task<T>> work) =>
        factory.WithServicesAsync(async services =>
        {
            var accessor = services.GetRequiredService<IHttpContextAccessor>();
            accessor.HttpContext = new DefaultHttpContext { RequestServices = services };
            try
            {
                return await work(services);
            }
            finally
            {
                accessor.HttpContext = null;
            }
        });
}
