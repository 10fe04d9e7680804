package org.archivesync.hub.search;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
class SearchConfiguration {

    @Bean
    FileSearch fileSearch(JdbcClient jdbc, PlatformTransactionManager transactions, SearchProperties properties) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new FileSearch(jdbc, readOnly, properties.wordSimilarity(), properties.fuzzyCandidates());
    }

    @Bean
    SearchIndexer searchIndexer(JdbcClient jdbc, PlatformTransactionManager transactions, SearchProperties properties) {
        return new SearchIndexer(jdbc, new TransactionTemplate(transactions), properties);
    }

    @Bean
    SearchProjection searchProjection(JdbcClient jdbc) {
        return new SearchProjection(jdbc);
    }
}
