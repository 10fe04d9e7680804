package org.archivesync.agent.sheetimport;

import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.recording.Recorder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImporterSettings.class)
class ImportConfiguration {

    @Bean
    SheetImport sheetImport(ImporterSettings settings, Recorder recorder) {
        return new SheetImport(new SheetImporter(settings.limits()), recorder, settings.boxMetres());
    }
}
