using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Commands.CompleteTask;
using TodoChat.Application.Tasks.Commands.CreateTask;
using TodoChat.Application.Tasks.Commands.DeleteTask;
using TodoChat.Application.Tasks.Commands.UpdateTask;
using TodoChat.Application.Tasks.Queries.GetTask;
using TodoChat.Application.Tasks.Queries.GetTasks;
using TodoChat.Application.Common.Idempotency;
using TodoChat.WebApi.Errors;

namespace TodoChat.WebApi.Controllers;

/// <summary>The user's todo list. The agent's tools send the same commands.</summary>
[Route("api/{user_id}/tasks")]
[Tags("Tasks")]
public sealed class TasksController(ISender sender) : ApiControllerBase
{
    /// <summary>
    /// Lists the user's tasks, oldest first, a page at a time: with neither <c>limit</c> nor
    /// <c>cursor</c>, the first 100. Follow <c>next_cursor</c> while <c>has_more</c> is true.
    /// </summary>
    /// <param name="status"><c>all</c> (default), <c>pending</c> or <c>completed</c>.</param>
    /// <param name="limit">Tasks per page, 1 to 1000.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page, with the same <c>status</c>.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    [HttpGet(Name = "ListTasks")]
    [ProducesResponseType<TaskListPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<ActionResult<TaskListPage>> List(
        [FromQuery, DefaultValue("all"), AllowedValues("all", "pending", "completed")] string? status,
        [FromQuery, Range(1, GetTasksQuery.MaxLimit)] int limit = GetTasksQuery.DefaultLimit,
        [FromQuery] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        MustRevalidate(await sender.Send(new GetTasksQuery(CurrentUserId, status, limit, cursor), cancellationToken));

    /// <summary>Adds a task.</summary>
    [HttpPost(Name = "CreateTask")]
    [AcceptsIdempotencyKey]
    [EnableRateLimiting(UserRateLimits.Writes)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [Consumes("application/json")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json", Description = ProblemTypes.TaskQuotaResponse)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<ActionResult<TaskDto>> Create(
        [FromBody] CreateTaskRequest request,
        CancellationToken cancellationToken)
    {
        var task = await sender.Send(new CreateTaskCommand(CurrentUserId, request.Title ?? string.Empty, request.Description, IdempotencyKey()), cancellationToken);
        MarkReplayed();
        return CreatedAtRoute("GetTask", new { user_id = CurrentUserId, id = task.Id }, task);
    }

    /// <summary>One task.</summary>
    [HttpGet("{id}", Name = "GetTask")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<TaskDto>> Get(
        [FromRoute] int id,
        CancellationToken cancellationToken)
    {
        var task = await sender.Send(new GetTaskQuery(CurrentUserId, id), cancellationToken);
        return task is null ? TaskNotFound(id) : task;
    }

    /// <summary>Replaces a task's title and description, and its completion when given.</summary>
    [HttpPut("{id}", Name = "UpdateTask")]
    [EnableRateLimiting(UserRateLimits.Writes)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [Consumes("application/json")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<ActionResult<TaskDto>> Update(
        [FromRoute] int id,
        [FromBody] UpdateTaskRequest request,
        CancellationToken cancellationToken)
    {
        var command = new UpdateTaskCommand(CurrentUserId, id, request.Title ?? string.Empty, request.Description ?? string.Empty, request.Completed);
        var task = await sender.Send(command, cancellationToken);
        return task is null ? TaskNotFound(id) : task;
    }

    /// <summary>Marks a task completed, or pending again with <c>{ "completed": false }</c>.</summary>
    [HttpPatch("{id}/complete", Name = "CompleteTask")]
    [EnableRateLimiting(UserRateLimits.Writes)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<TaskDto>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<TaskDto>> Complete(
        [FromRoute] int id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CompleteTaskRequest? request,
        CancellationToken cancellationToken)
    {
        var task = await sender.Send(new CompleteTaskCommand(CurrentUserId, id, request?.Completed ?? true), cancellationToken);
        return task is null ? TaskNotFound(id) : task;
    }

    /// <summary>Deletes a task.</summary>
    [HttpDelete("{id}", Name = "DeleteTask")]
    [EnableRateLimiting(UserRateLimits.Writes)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(
        [FromRoute] int id,
        CancellationToken cancellationToken)
    {
        var task = await sender.Send(new DeleteTaskCommand(CurrentUserId, id), cancellationToken);
        return task is null ? TaskNotFound(id) : NoContent();
    }

    private ProblemResult TaskNotFound(int id) => NotFoundProblem("Task not found.", $"You have no task with id {id}.");
}
