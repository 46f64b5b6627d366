using System.Text.Json;
using Caviar.Server.Security;
using Caviar.Specs;
using Caviar.Validation;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server;

/// <summary>
/// Bad input becomes 400 with the field and the reason (and <c>errors</c>, every refused field, when a spec had
/// several); a missing thing 404 (<see cref="CaviarNotFoundException"/>); a name already taken 409
/// (<see cref="CaviarConflictException"/>). Field and reason are shortened (<see cref="ErrorExcerpt"/>), so a reply
/// quotes at most a short excerpt of the input.
/// </summary>
internal static class ApiErrors
{
    /// <summary>The body of every error reply: <c>{"field": …, "reason": …}</c>.</summary>
    public static object Body(string? field, string? reason) =>
        new { field = ErrorExcerpt.Shorten(field), reason = ErrorExcerpt.Shorten(reason) };

    /// <summary>
    /// The body of a refusal: the first field and reason, as every error reply has them, and with several refused
    /// fields all of them as <c>errors: [{"field": …, "reason": …}, …]</c>.
    /// </summary>
    public static object Body(CaviarValidationException error) => error.Errors.Count == 1
        ? Body(error.Field, error.Reason)
        : new
        {
            field = ErrorExcerpt.Shorten(error.Field), reason = ErrorExcerpt.Shorten(error.Reason),
            errors = error.Errors.Select(e => Body(e.Field, e.Reason)).ToList(),
        };

    /// <summary>The status of a refusal: 404 for something missing, 409 for a name taken, else 400.</summary>
    public static int StatusOf(CaviarValidationException error) => error switch
    {
        CaviarNotFoundException => StatusCodes.Status404NotFound,
        CaviarConflictException => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult BadRequest(CaviarValidationException error) => Results.Json(Body(error), statusCode: StatusOf(error));

    public static IResult NotFound(string field, string reason) => Results.NotFound(Body(field, reason));

    /// <summary>Reads a JSON body strictly (unknown fields refused) or throws a validation error naming the field.</summary>
    public static async Task<T> ReadBody<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SpecJson.Options)
                   ?? throw new CaviarValidationException("body", "is empty");
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
    }
}
