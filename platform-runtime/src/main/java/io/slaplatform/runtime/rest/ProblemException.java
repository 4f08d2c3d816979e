package io.slaplatform.runtime.rest;

/** Thrown by services to answer with a problem: an unknown id, a conflicting state, an invalid field. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 404 for an id that names nothing. */
    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of("not-found", what + " not found", 404,
                "No " + what.toLowerCase(java.util.Locale.ROOT) + " with id " + id));
    }

    /** 409 for an action the current state does not allow. */
    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(Problem.of(slug, title, 409, detail));
    }

    /** 400 naming one field. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(Problem.invalid(java.util.List.of(new Problem.FieldError(field, message))));
    }
}
