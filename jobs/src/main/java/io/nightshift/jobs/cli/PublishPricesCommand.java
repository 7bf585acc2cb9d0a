package io.nightshift.jobs.cli;

import io.nightshift.common.time.RunDates;
import io.nightshift.jobs.pricing.PublishPricesStage;
import io.nightshift.jobs.stage.StageContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * {@code publish-prices [--date D] [--force --reason "..."] [--rollback-to DATE]}: the stage with its
 * operator options. A refusal by the circuit breaker exits non-zero with one line; the live table is unchanged.
 */
@Command(mixinStandardHelpOptions = true)
final class PublishPricesCommand extends BaseCommand {
    @Mixin
    DateOptions dates;

    @Option(names = "--force", description = "publish although the circuit breaker refuses (needs --reason; logged)")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why --force or --rollback-to is used (logged)")
    String reason;

    @Option(names = "--rollback-to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "republish the prices of this earlier run from gold.prices")
    LocalDate rollbackTo;

    PublishPricesCommand(Launch launch) {
        super(launch);
    }

    @Override
    protected Integer run() throws Exception {
        if (force && (reason == null || reason.isBlank())) {
            throw new UsageException("--force needs --reason \"why\"");
        }
        RunDates runDates;
        if (rollbackTo != null) {
            if (dates.from != null || dates.to != null || dates.date != null) {
                throw new UsageException("--rollback-to takes no --date, --from or --to");
            }
            runDates = RunDates.of(rollbackTo);
        } else {
            runDates = dates.resolve(launch.clock(), config);
        }
        PublishPricesStage stage = new PublishPricesStage(force, reason, Optional.ofNullable(rollbackTo));
        try (StageContext context = newContext(dates.dryRun)) {
            runner(stage.name()).run(context, List.of(stage), runDates);
        }
        return 0;
    }
}
